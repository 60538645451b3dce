package io.flakelens.app.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * One report to read: a plain file, a gzip file, or an entry of a zip archive. Opened twice (once
 * to digest, once to parse), so it must be re-openable.
 *
 * @param label  what the user sees: a path, or {@code archive.zip!/entry}
 * @param origin the input the user named that this came from: the file itself, its folder or archive
 * @param named  the user named this very file; a file met inside a folder or archive that is not a
 *               report (a tool's companion file) is passed over, a named one is refused
 */
public record ReportSource(String label, Opener opener, long size, String origin, boolean named) {
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** A file named on its own. */
    public ReportSource(String label, Opener opener, long size) {
        this(label, opener, size, label, true);
    }

    public InputStream open() throws IOException {
        return opener.open();
    }
}
