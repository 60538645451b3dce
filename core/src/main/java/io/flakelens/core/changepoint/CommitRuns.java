package io.flakelens.core.changepoint;

/**
 * One commit's runs of one test (on one job and builder): the unit a changepoint may fall between.
 *
 * @param revision             the commit
 * @param runs                 runs of the test at this commit
 * @param unexpected           of those, runs with an unexpected result on some attempt (failed, errored)
 * @param unexpectedAfterRetry of those, runs whose every attempt was unexpected (retries did not help)
 */
public record CommitRuns(String revision, int runs, int unexpected, int unexpectedAfterRetry) {
    public CommitRuns {
        if (runs < 0
                || unexpected < 0
                || unexpected > runs
                || unexpectedAfterRetry < 0
                || unexpectedAfterRetry > unexpected) {
            throw new IllegalArgumentException("need 0 <= unexpectedAfterRetry <= unexpected <= runs at " + revision
                    + ": " + unexpectedAfterRetry + ", " + unexpected + ", " + runs);
        }
    }
}
