package io.flakelens.core.changepoint;

import java.util.List;

/**
 * What to rerun next to find the commit that changed a test, or the commit once found.
 *
 * @param lower      the newest commit known to behave as before (exclusive bound; -1 when none is known yet)
 * @param upper      the oldest commit known to behave the new way (inclusive bound)
 * @param iterations reruns a probe needs: enough to see a failure with 99% probability at the flake rate
 * @param probes     the next round, run in parallel; empty when the culprit is named
 * @param culprit    the commit that changed the test, when one commit remains; else null
 */
public record RerunPlan(int lower, int upper, int iterations, List<Probe> probes, String culprit) {
    public RerunPlan {
        probes = List.copyOf(probes);
    }

    public boolean done() {
        return culprit != null;
    }
}
