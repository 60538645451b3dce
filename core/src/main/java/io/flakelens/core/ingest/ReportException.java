package io.flakelens.core.ingest;

/**
 * A report that cannot be read. Carries the position so the user can open the file at the fault;
 * line and column are 0 when the fault has no position (an empty file, say).
 */
public final class ReportException extends Exception {
    private final long line;
    private final long column;

    public ReportException(String reason, long line, long column) {
        super(reason);
        this.line = line;
        this.column = column;
    }

    public ReportException(String reason, long line, long column, Throwable cause) {
        super(reason, cause);
        this.line = line;
        this.column = column;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    public String reason() {
        return getMessage();
    }

    /** {@code path:line:column: reason}, the form compilers use, so editors can jump to it. */
    public String describe(String path) {
        if (line <= 0) {
            return path + ": " + getMessage();
        }
        return path + ":" + line + ":" + Math.max(column, 0) + ": " + getMessage();
    }
}
