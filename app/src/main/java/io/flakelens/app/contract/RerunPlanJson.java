package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.core.changepoint.Probe;
import io.flakelens.core.changepoint.RerunPlan;
import io.flakelens.store.changepoint.SegmentedHistory;
import java.util.List;

/**
 * {@code rerun-plan --format json}: the commits to rerun the test at and how often, so a CI can run
 * the round as a matrix; or the culprit once one commit remains. {@code after} is the newest commit
 * known to behave as before (exclusive), {@code through} the oldest known to behave the new way.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RerunPlanJson(
        String test,
        String job,
        String builder,
        String state,
        double failureRate,
        String after,
        String through,
        int iterations,
        List<ProbeJson> probes,
        String culprit,
        String culpritUrl) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProbeJson(String revision, int iterations) {
        static ProbeJson of(Probe p) {
            return new ProbeJson(p.revision(), p.iterations());
        }
    }

    /** {@code culpritUrl}: a link to the culprit on its forge, when the repository has one; else null. */
    public static RerunPlanJson of(String test, SegmentedHistory h, RerunPlan plan, String culpritUrl) {
        return new RerunPlanJson(
                test,
                h.history().job(),
                h.history().builder(),
                h.latest().state().label(),
                Json.rate(h.latest().unexpectedRate()),
                h.revision(plan.lower()),
                h.revision(plan.upper()),
                plan.iterations(),
                plan.probes().stream().map(ProbeJson::of).toList(),
                plan.culprit(),
                culpritUrl);
    }
}
