package io.flakelens.store.changepoint;

import io.flakelens.core.changepoint.CommitRuns;
import java.time.Instant;
import java.util.List;

/**
 * One test's main-line runs on one job and builder, a {@link CommitRuns} per revision in commit
 * order, with each revision's earliest run (the order used when the repository's is unknown).
 */
public record CommitHistory(
        long testId,
        String suite,
        String name,
        String job,
        String builder,
        List<CommitRuns> commits,
        List<Instant> firstRun) {
    public CommitHistory {
        commits = List.copyOf(commits);
        firstRun = List.copyOf(firstRun);
    }
}
