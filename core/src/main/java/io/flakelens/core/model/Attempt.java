package io.flakelens.core.model;

/**
 * One execution of one test inside a run. A test that failed twice and passed on the third try is
 * three attempts of one result.
 *
 * @param durationMs negative when the report did not say
 * @param failure    null for passes and plain skips
 */
public record Attempt(Outcome outcome, long durationMs, Failure failure) {
    public static Attempt pass(long durationMs) {
        return new Attempt(Outcome.PASS, durationMs, null);
    }
}
