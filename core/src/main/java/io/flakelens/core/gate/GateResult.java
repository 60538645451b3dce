package io.flakelens.core.gate;

import java.util.List;

/**
 * The gate's verdict on one run.
 *
 * @param tests    test results read from the run's reports
 * @param judged   every failure, in report order
 * @param passed   the build may pass: every failure was let through
 */
public record GateResult(long tests, List<Judged> judged, boolean passed, String summary) {
    public GateResult {
        judged = List.copyOf(judged);
    }

    public long letThrough() {
        return judged.stream().filter(Judged::letThrough).count();
    }

    public long blocking() {
        return judged.size() - letThrough();
    }
}
