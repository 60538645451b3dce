package io.flakelens.core.aggregate;

/** Whether a test, or a whole payload, passes the judgement. No data of its own, so an enum. */
public enum Verdict {
    PASS,
    FAIL;

    /** The lower-case form the JSON and JUnit outputs print. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
