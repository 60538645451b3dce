package io.flakelens.app.cli;

/** A problem the user can fix, said without a stack trace; carries its exit code. */
final class UserException extends RuntimeException {
    private final int exitCode;

    UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    UserException(String message) {
        this(message, 2);
    }

    int exitCode() {
        return exitCode;
    }
}
