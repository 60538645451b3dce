package io.flakelens.store.query;

import io.flakelens.core.model.TestId;
import java.time.Instant;
import java.util.List;

/**
 * One test's history: every run that executed it, newest first, and the same folded per builder
 * and per week.
 */
public record TestHistory(
        TestId id,
        String group,
        String file,
        List<RunOutcome> runs,
        List<BuilderSummary> builders,
        List<WeekSummary> weeks) {

    /**
     * @param attempts outcome codes in attempt order, e.g. {@code FFP}
     * @param evidence the flake evidence kind detection gave this failure, or null
     */
    public record RunOutcome(
            String run,
            String job,
            String builder,
            String revision,
            String change,
            String patchset,
            Instant at,
            String attempts,
            String verdict,
            String evidence,
            String message) {}

    public record BuilderSummary(String builder, long runs, long failed, long flaky, long occurrences) {
        public double passRate() {
            return runs == 0 ? 0 : (double) (runs - failed) / runs;
        }
    }

    public record WeekSummary(Instant week, long runs, long failed, long flaky, long occurrences) {
        public double flakeRate() {
            return runs == 0 ? 0 : (double) occurrences / runs;
        }
    }
}
