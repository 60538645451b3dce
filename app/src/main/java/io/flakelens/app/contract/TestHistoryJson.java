package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.store.changepoint.SegmentedHistory;
import io.flakelens.store.cluster.ClusterStore;
import io.flakelens.store.query.TestHistory;
import java.util.List;

/**
 * One test's history, as {@code test --format json} and {@code /api/v1/tests/{id}} print it, with its
 * failure modes: the clusters its failures fell in at the last {@code flakelens cluster}, most
 * failures first. Per builder and week, {@code flaky} counts runs in which the test failed and then
 * passed on a retry, {@code occurrences} runs with flake evidence of any kind. {@code segments} cut
 * each job and builder's main-line history where the test's behaviour changed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TestHistoryJson(
        String id,
        String suite,
        String name,
        String group,
        String file,
        List<Builder> builders,
        List<Week> weeks,
        List<Run> runs,
        List<FailureMode> failureModes,
        List<SegmentJson.History> segments) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Builder(String builder, long runs, long failed, long flaky, long occurrences, double passRate) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Week(String week, long runs, long failed, long flaky, long occurrences, double flakeRate) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Run(
            String run,
            String job,
            String builder,
            String revision,
            String change,
            String patchset,
            String at,
            String attempts,
            String verdict,
            String evidence,
            String message) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FailureMode(
            String cluster, int failures, String template, String site, int testsInCluster, Double flakeShare) {}

    public static TestHistoryJson of(
            TestHistory h, List<ClusterStore.ClusterRow> modes, List<SegmentedHistory> segments) {
        return new TestHistoryJson(
                h.id().id(),
                h.id().suite(),
                h.id().name(),
                h.group(),
                h.file(),
                h.builders().stream()
                        .map(b -> new Builder(
                                b.builder(), b.runs(), b.failed(), b.flaky(), b.occurrences(), Json.rate(b.passRate())))
                        .toList(),
                h.weeks().stream()
                        .map(w -> new Week(
                                w.week().toString(),
                                w.runs(),
                                w.failed(),
                                w.flaky(),
                                w.occurrences(),
                                Json.rate(w.flakeRate())))
                        .toList(),
                h.runs().stream()
                        .map(r -> new Run(
                                r.run(),
                                r.job(),
                                r.builder(),
                                r.revision(),
                                r.change(),
                                r.patchset(),
                                r.at().toString(),
                                r.attempts(),
                                r.verdict(),
                                r.evidence(),
                                r.message()))
                        .toList(),
                modes.stream()
                        .map(k -> new FailureMode(
                                k.id(),
                                k.size(),
                                k.template(),
                                k.site() == null || k.site().isEmpty() ? null : k.site(),
                                k.tests(),
                                k.flakeShare()))
                        .toList(),
                segments.stream().map(SegmentJson.History::of).toList());
    }
}
