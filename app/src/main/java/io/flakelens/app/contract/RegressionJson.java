package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.store.changepoint.SegmentedHistory;

/** A test whose latest main-line segment fails consistently after one that did not, with where it began. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegressionJson(
        String id,
        String suite,
        String name,
        String job,
        String builder,
        String since,
        SegmentJson.SuspectRange suspectRange,
        int commits,
        long runs,
        String before) {
    public static RegressionJson of(SegmentedHistory h) {
        Segment s = h.latest();
        Segment previous = h.segments().get(h.segments().size() - 2);
        String suite = h.history().suite();
        String name = h.history().name();
        return new RegressionJson(
                suite + "::" + name,
                suite,
                name,
                h.history().job(),
                h.history().builder(),
                h.revision(s.first()),
                SegmentJson.SuspectRange.of(h, s.start()),
                s.last() - s.first() + 1,
                s.runs(),
                previous.state().label());
    }
}
