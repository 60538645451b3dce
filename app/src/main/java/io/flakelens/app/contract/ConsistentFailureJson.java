package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.core.model.TestId;
import io.flakelens.store.query.ConsistentFailure;

/** A test failing in every run of its code on a job and builder, as {@code runs --consistent --format json} prints it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConsistentFailureJson(
        String job,
        String builder,
        String suite,
        String name,
        String id,
        long runs,
        String first,
        String last,
        String lastPassed,
        String message,
        String exampleRun) {
    public static ConsistentFailureJson of(ConsistentFailure c) {
        return new ConsistentFailureJson(
                c.job(),
                c.builder(),
                c.suite(),
                c.name(),
                new TestId(c.suite(), c.name()).id(),
                c.runs(),
                c.first().toString(),
                c.last().toString(),
                c.lastPassed() == null ? null : c.lastPassed().toString(),
                c.message(),
                c.exampleRun());
    }
}
