package io.flakelens.core.quarantine;

/** A source file the scanner cannot read as its language; it becomes a warning naming file and line. */
final class SourceProblem extends Exception {
    private final int line;

    SourceProblem(int line, String message) {
        super(message);
        this.line = line;
    }

    int line() {
        return line;
    }
}
