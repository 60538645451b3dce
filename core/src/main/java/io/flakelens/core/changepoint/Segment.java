package io.flakelens.core.changepoint;

/**
 * A stretch of commits with one behaviour.
 *
 * @param first       first commit index (inclusive)
 * @param last        last commit index (inclusive)
 * @param start       how this segment began; null for the first segment
 */
public record Segment(
        int first, int last, long runs, long unexpected, long unexpectedAfterRetry, State state, Changepoint start) {

    /** What a person would call the stretch. */
    public enum State {
        /** No unexpected result at all. */
        STABLE,
        /** Some runs unexpected, most not, or retries helped: flaky. */
        FLAKY,
        /** Nearly every run failed even after retries: a real failure (a regression when it follows a stable stretch). */
        FAILING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Share of runs with an unexpected result. */
    public double unexpectedRate() {
        return runs == 0 ? 0 : (double) unexpected / runs;
    }
}
