package io.flakelens.store.changepoint;

import io.flakelens.core.changepoint.Changepoint;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.core.changepoint.Segmentation;
import java.util.List;

/** A history cut into segments, with the revisions that name each cut's range. */
public record SegmentedHistory(CommitHistory history, List<Segment> segments) {
    public SegmentedHistory {
        segments = List.copyOf(segments);
    }

    public static SegmentedHistory of(CommitHistory h, Segmentation segmentation) {
        return new SegmentedHistory(h, segmentation.segment(h.commits()));
    }

    /**
     * Of one test's histories (one per job and builder), the one whose latest segment is flaky or
     * failing and began most recently: where to look for what changed. Null when every history is
     * stable now.
     */
    public static SegmentedHistory mostRecentTrouble(List<SegmentedHistory> histories) {
        SegmentedHistory best = null;
        java.time.Instant bestAt = null;
        for (SegmentedHistory h : histories) {
            Segment s = h.latest();
            if (s == null || s.state() == Segment.State.STABLE) {
                continue;
            }
            java.time.Instant at = h.history().firstRun().get(s.first());
            if (best == null || at.isAfter(bestAt)) {
                best = h;
                bestAt = at;
            }
        }
        return best;
    }

    public String revision(int index) {
        return index < 0 ? null : history.commits().get(index).revision();
    }

    /** The latest segment, or null for an empty history. */
    public Segment latest() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /**
     * Where the latest behaviour began: null when the history has one segment (it behaved so since
     * its first commit here).
     */
    public Changepoint latestChange() {
        Segment s = latest();
        return s == null ? null : s.start();
    }
}
