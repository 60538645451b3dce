package io.flakelens.store.changepoint;

import io.flakelens.core.changepoint.CommitRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One test's main-line runs on one job and builder, a {@link CommitRuns} per revision in commit
 * order, with each revision's earliest run (the order used when the repository's is unknown).
 * {@code unordered} names the revisions a repository's order did not know, placed by time.
 */
public record CommitHistory(
        long testId,
        String suite,
        String name,
        String job,
        String builder,
        List<CommitRuns> commits,
        List<Instant> firstRun,
        List<String> unordered) {
    public CommitHistory {
        commits = List.copyOf(commits);
        firstRun = List.copyOf(firstRun);
        unordered = List.copyOf(unordered);
    }

    /**
     * The same runs in the repository's order. A revision it does not know keeps its place by time:
     * it goes right after the known revision that ran last before it.
     */
    public CommitHistory inOrder(CommitOrder order) {
        record Placed(int index, int position, int after) {}
        List<Placed> placed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int lastKnown = -1;
        for (int i = 0; i < commits.size(); i++) {
            int p = order.position(commits.get(i).revision());
            if (p >= 0) {
                lastKnown = p;
                placed.add(new Placed(i, p, 0));
            } else {
                unknown.add(commits.get(i).revision());
                placed.add(new Placed(i, lastKnown, i + 1));
            }
        }
        placed.sort(Comparator.comparingInt(Placed::position).thenComparingInt(Placed::after));
        List<CommitRuns> c = new ArrayList<>();
        List<Instant> t = new ArrayList<>();
        for (Placed x : placed) {
            c.add(commits.get(x.index()));
            t.add(firstRun.get(x.index()));
        }
        return new CommitHistory(testId, suite, name, job, builder, c, t, unknown);
    }
}
