package io.flakelens.store.query;

import java.time.Instant;

/**
 * One job over a window: its runs, how many had a test fail on every attempt ({@code failedRuns}),
 * how many carry flake evidence from detection ({@code flakyRuns}), and its latest run.
 */
public record JobSummary(String job, long runs, long builders, long failedRuns, long flakyRuns, Instant lastRun) {}
