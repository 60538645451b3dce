package io.flakelens.store.query;

import java.time.Instant;

/**
 * A test that fails in every run of its code on a job and builder, as it did in the code before: a
 * real failure (a regression, a missing service), neither a flake nor a sign that a run crashed.
 *
 * @param runs       runs in the window in which it failed so
 * @param first      the first of them
 * @param last       the latest of them
 * @param lastPassed its latest pass on the job and builder, at any time; null when it never passed there
 * @param message    the failure message of the latest of them
 * @param exampleRun the latest of them
 */
public record ConsistentFailure(
        String job,
        String builder,
        String suite,
        String name,
        long runs,
        Instant first,
        Instant last,
        Instant lastPassed,
        String message,
        String exampleRun) {}
