package io.flakelens.store.query;

import java.time.Instant;

/**
 * A failure of a run or of an environment, not of a test.
 *
 * @param kind    {@code run}: most of the run's tests failed at once; {@code suite}: a whole suite failed on a
 *                builder in one run of code that never passed it there; {@code broken-environment}: the same
 *                over a stretch of consecutive runs
 * @param runs    how many runs it spans (a broken environment spans several)
 * @param failed  for a run, its unusual failures (tests that passed on its code or the code before); for a
 *                suite, its failed tests
 * @param message the failure message most of its failures share
 */
public record InfraFailure(
        String kind,
        String job,
        String builder,
        String suite,
        long runs,
        Instant first,
        Instant last,
        long failed,
        long total,
        String message,
        String exampleRun) {}
