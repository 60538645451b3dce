package io.flakelens.core.quarantine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fixture folder as a source tree, for the scanner's tests (core itself reads no files: the app
 * hands it a folder or a git commit). Skips the folders every real tree skips.
 */
record FolderTree(Path root) implements SourceTree {
    @Override
    public List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> Stream.of(f.split("/"))
                            .limit(f.split("/").length - 1)
                            .noneMatch(SourceTree::ignoredDir))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public long size(String path) throws IOException {
        return Files.size(root.resolve(path));
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(root.resolve(path));
    }
}
