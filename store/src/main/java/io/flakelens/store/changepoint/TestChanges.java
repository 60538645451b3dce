package io.flakelens.store.changepoint;

import io.flakelens.core.changepoint.Segmentation;
import io.flakelens.store.Database;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Tests' main-line histories, segmented where their behaviour changed. */
public final class TestChanges {
    private final CommitHistoryQuery query;
    private final Segmentation segmentation = Segmentation.defaults();
    private final CommitOrder order;

    /** Commits ordered by when each revision first ran. */
    public TestChanges(Database db) {
        this(db, null);
    }

    /** Commits in the repository's order ({@code order}), or by first run when it is null. */
    public TestChanges(Database db, CommitOrder order) {
        this.query = new CommitHistoryQuery(db);
        this.order = order;
    }

    private SegmentedHistory segmented(CommitHistory h) {
        return SegmentedHistory.of(order == null ? h : h.inOrder(order), segmentation);
    }

    /** One test's histories, one per job and builder. */
    public List<SegmentedHistory> of(long testId) {
        return query.of(testId).stream().map(this::segmented).toList();
    }

    /** For each test that is flaky or failing now, the history where that began (see {@link SegmentedHistory#mostRecentTrouble}). */
    public Map<Long, SegmentedHistory> troubleOf(Collection<Long> testIds) {
        Map<Long, List<SegmentedHistory>> byTest = new HashMap<>();
        for (CommitHistory h : query.of(testIds)) {
            byTest.computeIfAbsent(h.testId(), k -> new ArrayList<>()).add(segmented(h));
        }
        Map<Long, SegmentedHistory> out = new HashMap<>();
        byTest.forEach((id, hs) -> {
            SegmentedHistory t = SegmentedHistory.mostRecentTrouble(hs);
            if (t != null) {
                out.put(id, t);
            }
        });
        return out;
    }

    /** Every stored test's histories, segmented, one at a time. */
    public void each(Consumer<SegmentedHistory> sink) {
        query.each(h -> sink.accept(segmented(h)));
    }
}
