package io.flakelens.app.ingest;

import io.flakelens.app.s3.S3Location;
import java.nio.file.Path;
import java.util.List;

/** What the user named as input: a local file or folder, or an object or prefix in an S3-compatible store. */
public sealed interface NamedInput {
    record Local(Path path) implements NamedInput {
        @Override
        public String label() {
            return path.toString();
        }
    }

    record InBucket(S3Location location) implements NamedInput {
        @Override
        public String label() {
            return location.toString();
        }
    }

    /** How the user sees it in messages. */
    String label();

    /**
     * Reads a name as typed: {@code s3://bucket/key} is a location in the store, anything else a path.
     *
     * @throws IllegalArgumentException for an {@code s3://} name without a bucket
     */
    static NamedInput of(String text) {
        return S3Location.names(text) ? new InBucket(S3Location.parse(text)) : new Local(Path.of(text));
    }

    static List<NamedInput> all(List<String> texts) {
        return texts.stream().map(NamedInput::of).toList();
    }

    static List<NamedInput> local(List<Path> paths) {
        return paths.stream().<NamedInput>map(Local::new).toList();
    }
}
