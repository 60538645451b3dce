package io.flakelens.core.aggregate;

import io.flakelens.core.model.TestId;

/**
 * What the store knows about one test for one payload: counts of distinct runs, the unit the
 * judgement counts in. A run with both a failure and a pass of the test counts as a pass (the test
 * can pass on this payload; the failure was a flake); a run with only skips counts as a skip.
 *
 * @param attempts      payload runs with a pass or a failure of the test
 * @param passes        payload runs where it passed at least once
 * @param skips         payload runs where it was only skipped
 * @param historyRuns   runs of the same job in the history window with a pass or a failure
 * @param historyPasses of those, runs where it passed at least once
 */
public record PayloadTest(TestId id, int attempts, int passes, int skips, int historyRuns, int historyPasses) {

    public PayloadTest {
        if (passes < 0 || passes > attempts || skips < 0 || historyPasses < 0 || historyPasses > historyRuns) {
            throw new IllegalArgumentException("inconsistent counts for " + id + ": attempts " + attempts + ", passes "
                    + passes + ", skips " + skips + ", history " + historyPasses + "/" + historyRuns);
        }
    }

    /** Payload runs where the test failed and never passed. */
    public int failures() {
        return attempts - passes;
    }

    /**
     * The historical pass percentage truncated to a whole percent, as the original indexes its
     * table; integer arithmetic, so 99.99% is 99, never 100 by rounding. -1 without history.
     */
    public int historicalPercent() {
        return historyRuns == 0 ? -1 : (int) (100L * historyPasses / historyRuns);
    }
}
