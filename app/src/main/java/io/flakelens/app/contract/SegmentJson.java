package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.core.changepoint.Changepoint;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.store.changepoint.SegmentedHistory;
import java.util.List;

/**
 * A stretch of commits over which a test behaved one way on one job and builder: its runs, how
 * many had an unexpected result (and how many stayed so after retries), its state (stable, flaky,
 * failing) and, for all but the first, the range of commits where it began.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SegmentJson(
        String firstRevision,
        String lastRevision,
        int commits,
        long runs,
        long unexpected,
        long unexpectedAfterRetry,
        double failureRate,
        String state,
        SuspectRange began) {

    /**
     * The commits a change lies in: after {@code after} (exclusive; the last commit that surely
     * behaved the old way) and through {@code through} (inclusive), with that posterior probability.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SuspectRange(String after, String through, int commits, double confidence) {
        public static SuspectRange of(SegmentedHistory h, Changepoint c) {
            return c == null
                    ? null
                    : new SuspectRange(
                            h.revision(c.lower()), h.revision(c.upper()), c.width(), Json.rate(c.confidence()));
        }
    }

    /**
     * One job and builder's segments, oldest first; {@code unordered_revisions} are those a
     * repository's order (with {@code --repo}) did not know, placed by when they first ran.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record History(String job, String builder, List<SegmentJson> segments, List<String> unorderedRevisions) {
        public static History of(SegmentedHistory h) {
            return new History(
                    h.history().job(),
                    h.history().builder(),
                    h.segments().stream().map(s -> SegmentJson.of(h, s)).toList(),
                    h.history().unordered());
        }
    }

    public static SegmentJson of(SegmentedHistory h, Segment s) {
        return new SegmentJson(
                h.revision(s.first()),
                h.revision(s.last()),
                s.last() - s.first() + 1,
                s.runs(),
                s.unexpected(),
                s.unexpectedAfterRetry(),
                Json.rate(s.unexpectedRate()),
                s.state().label(),
                SuspectRange.of(h, s.start()));
    }
}
