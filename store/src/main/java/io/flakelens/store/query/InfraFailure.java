package io.flakelens.store.query;

import java.time.Instant;

/**
 * A failure of a run or of an environment, not of a test.
 *
 * @param kind    {@code run}: most of the run's tests failed at once; {@code suite}: a whole suite failed on a
 *                builder (a broken environment when it repeats over consecutive runs)
 * @param runs    how many runs it spans (a broken environment spans several)
 * @param message the failure message most of its failures share
 */
public record InfraFailure(String kind, String job, String builder, String suite, long runs, Instant first,
                           Instant last, long failed, long total, String message, String exampleRun) {
}
