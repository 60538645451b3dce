package io.flakelens.store.query;

import java.time.Instant;

/** One run as the runs listing shows it; {@code failed} counts tests that failed on every attempt. */
public record RunSummary(
        String run,
        String source,
        String job,
        String builder,
        String revision,
        String change,
        String patchset,
        Integer attempt,
        Instant at,
        String status,
        long tests,
        long failed,
        long flaky,
        String url) {}
