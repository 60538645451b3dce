package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.store.query.JobSummary;

/** One job's runs in the window, as {@code /api/v1/jobs} prints it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobJson(String job, long runs, long builders, long failedRuns, long flakyRuns, String lastRun) {
    public static JobJson of(JobSummary j) {
        return new JobJson(
                j.job(),
                j.runs(),
                j.builders(),
                j.failedRuns(),
                j.flakyRuns(),
                j.lastRun().toString());
    }
}
