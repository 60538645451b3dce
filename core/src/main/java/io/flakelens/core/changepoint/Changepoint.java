package io.flakelens.core.changepoint;

/**
 * Where a segment began. The change happened after commit {@code lower} (exclusive) and at or
 * before commit {@code upper} (inclusive) with probability {@code confidence}; {@code at} is the
 * most likely first commit of the new behaviour. Indices are positions in the history.
 *
 * @param at         most likely first commit index of the new segment
 * @param lower      the last commit index that surely had the old behaviour (exclusive bound)
 * @param upper      the commit index by which the new behaviour surely began (inclusive bound)
 * @param confidence the posterior probability that the change lies in (lower, upper]
 */
public record Changepoint(int at, int lower, int upper, double confidence) {
    /** Commits the change may lie in: 1 means the culprit is named. */
    public int width() {
        return upper - lower;
    }
}
