package io.flakelens.app.bugs;

/** The tracker refused or failed a call, said without the token or request headers. */
public final class TrackerException extends RuntimeException {
    private final int status;

    TrackerException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** A request as an error names it: without its query, since search queries are long and say nothing a user needs. */
    static String request(String method, String path) {
        int q = path.indexOf('?');
        return method + " " + (q < 0 ? path : path.substring(0, q));
    }

    /** The HTTP status, 0 when no reply came. */
    public int status() {
        return status;
    }
}
