package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.store.query.RunSummary;

/** One run, as {@code runs --format json} and {@code /api/v1/runs} print it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunJson(
        String run,
        String source,
        String job,
        String builder,
        String revision,
        String change,
        String patchset,
        Integer attempt,
        String startedAt,
        String status,
        long tests,
        long failed,
        long flaky,
        String url) {
    public static RunJson of(RunSummary r) {
        return new RunJson(
                r.run(),
                r.source(),
                r.job(),
                r.builder(),
                r.revision(),
                r.change(),
                r.patchset(),
                r.attempt(),
                r.at().toString(),
                r.status(),
                r.tests(),
                r.failed(),
                r.flaky(),
                r.url());
    }
}
