package io.flakelens.store.detect;

/**
 * Thresholds that tell a failure of the run or of the environment from a failure of a test.
 *
 * @param infraMinFailures  a run is an infrastructure failure when at least this many tests failed unusually
 *                          (they passed in another run of the same code on the job, or in the code before)...
 * @param infraShare        ...and they are more than this share of the tests it ran that do not fail
 *                          consistently ("most tests at once")
 * @param suiteMinFailures  a suite failed whole in a run when at least this many of its tests failed...
 * @param suiteShare        ...and they are at least this share of the suite's tests in that run
 */
public record DetectionConfig(int infraMinFailures, double infraShare, int suiteMinFailures, double suiteShare) {
    public static DetectionConfig defaults() {
        return new DetectionConfig(5, 0.5, 3, 0.9);
    }
}
