package io.flakelens.store.cluster;

/**
 * One stored failure (one failed attempt) with its text and labels.
 *
 * @param flaky true when detection found flake evidence for this test in this run (retry,
 *              same-code, false-rejection, merged-failure, flip), false when it found none,
 *              null when the run is an infrastructure failure (neither a flake nor a regression)
 */
public record StoredFailure(long runId, long testId, int attempt, String test, String job, String text, Boolean flaky) {
    /** {@code run:test:attempt}, the id printed and written for a stored failure. */
    public String key() {
        return Long.toUnsignedString(runId, 36) + ":" + Long.toUnsignedString(testId, 36) + ":" + attempt;
    }
}
