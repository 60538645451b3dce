package io.flakelens.core.quarantine;

/** A file the scan skipped or read only in part, and why; the scan goes on. */
public record ScanWarning(String file, String reason) {
    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
