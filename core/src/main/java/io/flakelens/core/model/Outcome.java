package io.flakelens.core.model;

/**
 * What one attempt of one test came to. A closed set of constants with no data of their own,
 * so an enum rather than a sealed hierarchy; the stored code is the stable part.
 */
public enum Outcome {
    PASS('P'),
    FAIL('F'),
    ERROR('E'),
    SKIP('S');

    private final char code;

    Outcome(char code) {
        this.code = code;
    }

    /** One-letter code kept in the store; never renumber. */
    public char code() {
        return code;
    }

    public String codeString() {
        return String.valueOf(code);
    }

    /** A failure or an error: the test did not do what it should. */
    public boolean failed() {
        return this == FAIL || this == ERROR;
    }

    public static Outcome ofCode(char c) {
        return switch (c) {
            case 'P' -> PASS;
            case 'F' -> FAIL;
            case 'E' -> ERROR;
            case 'S' -> SKIP;
            default -> throw new IllegalArgumentException("unknown outcome code " + c);
        };
    }
}
