package io.flakelens.app.bugs;

/** The tracker refused or failed a call, said without the token or request headers. */
public final class TrackerException extends RuntimeException {
    private final int status;

    TrackerException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, 0 when no reply came. */
    public int status() {
        return status;
    }
}
