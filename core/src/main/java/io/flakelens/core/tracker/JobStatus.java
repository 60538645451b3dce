package io.flakelens.core.tracker;

/**
 * A job over the report's window. Failing outranks flaky: a job whose latest runs all fail is
 * broken, and its flakes are the least of its problems (the Kubernetes tracker lists them apart).
 */
public enum JobStatus {
    PASSING,
    FLAKY,
    FAILING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Failing when its latest runs (at least one) all failed; flaky when it has flake occurrences. */
    public static JobStatus of(long latestRuns, long latestFailed, long occurrences) {
        if (latestRuns > 0 && latestFailed == latestRuns) {
            return FAILING;
        }
        return occurrences > 0 ? FLAKY : PASSING;
    }
}
