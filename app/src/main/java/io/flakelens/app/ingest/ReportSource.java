package io.flakelens.app.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * One report to read: a plain file, a gzip file, or an entry of a zip archive. Opened twice (once
 * to digest, once to parse), so it must be re-openable.
 *
 * @param label what the user sees: a path, or {@code archive.zip!/entry}
 */
public record ReportSource(String label, Opener opener, long size) {
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public InputStream open() throws IOException {
        return opener.open();
    }
}
