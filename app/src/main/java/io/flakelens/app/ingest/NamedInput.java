package io.flakelens.app.ingest;

import io.flakelens.app.s3.S3Location;
import java.nio.file.Path;
import java.util.List;

/**
 * What the user named as input: a local file or folder, an object or prefix in an S3-compatible store,
 * or a file uploaded to the server.
 */
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

    /**
     * A file part of an upload, held by the server while it handles the upload: read where the
     * server keeps it (memory for small parts), never copied to a folder of its own first.
     *
     * @param name the part's file name as replies show it
     */
    record Received(String name, ReportSource.Opener opener, long size) implements NamedInput {
        @Override
        public String label() {
            return name;
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
