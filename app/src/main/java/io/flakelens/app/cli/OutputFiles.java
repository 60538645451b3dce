package io.flakelens.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Files a command writes for CI to pick up: whole or not at all, never half written. */
final class OutputFiles {
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private OutputFiles() {}

    /**
     * Writes {@code body} to a temporary file beside {@code target}, then moves it into place. The
     * file gets the permissions a new file gets from the user's umask (0644 under the usual 022), as
     * {@code >} in a shell would give it: these files are meant to be read, and committed.
     */
    static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = fresh(abs);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                body.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file beside {@code target}. Not {@link Files#createTempFile}, which makes it 0600
     * whatever the umask: created without attributes, it gets 0666 less the umask.
     */
    private static Path fresh(Path target) throws IOException {
        for (int i = 0; ; i++) {
            Path tmp = target.resolveSibling(
                    "." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (i > 100) {
                    throw e;
                }
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static void write(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
