package io.flakelens.app.ci;

/** The server could not be reached, or kept failing, after every retry. */
public final class ServerUnreachable extends Exception {
    public ServerUnreachable(String message) {
        super(message);
    }
}
