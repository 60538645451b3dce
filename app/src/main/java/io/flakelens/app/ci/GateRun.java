package io.flakelens.app.ci;

import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.GatePolicy;
import io.flakelens.core.gate.GateResult;
import io.flakelens.core.gate.MuteIndex;

/** One gate: this run's failures, what the source knows about them, the policy's verdict. */
public final class GateRun {
    private GateRun() {}

    public static GateResult judge(
            RunReports reports, EvidenceSource source, GatePolicy policy, String since, MuteIndex localMutes)
            throws ServerUnreachable, ServerRefused {
        Gate.Knowledge known = reports.failures().isEmpty()
                ? new Gate.Knowledge(java.util.Map.of(), java.util.Map.of(), java.util.Map.of())
                : source.lookup(reports.failures(), since, policy.mainRevisions(), localMutes);
        return new Gate(policy).judge(reports.tests(), reports.failures(), known);
    }
}
