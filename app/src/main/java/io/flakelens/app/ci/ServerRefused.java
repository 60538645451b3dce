package io.flakelens.app.ci;

/** The server answered with a refusal a retry cannot fix (401, 400, 413, ...). */
public final class ServerRefused extends Exception {
    private final int status;

    public ServerRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
