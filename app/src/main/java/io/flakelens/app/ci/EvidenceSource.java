package io.flakelens.app.ci;

import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.GateFailure;
import io.flakelens.core.gate.MuteIndex;
import java.util.List;

/** Where the gate learns about the failed tests: the store itself, or a server in front of one. */
public sealed interface EvidenceSource permits StoreEvidence, ServerEvidence {
    /**
     * Evidence, mutes and (for failures nothing else explains) the flake model's probabilities.
     *
     * @param since         the window, as {@code --since} takes it ({@code 14d}, {@code all}, a date)
     * @param localMutes    mutes of a scan of this checkout; they win over stored scans
     */
    Gate.Knowledge lookup(List<GateFailure> failures, String since, int mainRevisions, MuteIndex localMutes)
            throws ServerUnreachable, ServerRefused;

    /** Whether a failure still needs the model: no flake evidence, no mute, not failing on main. */
    static boolean unexplained(GateFailure f, Gate.Knowledge k) {
        String id = f.id().id();
        var e = k.evidence().get(id);
        return (e == null || e.occurrences() == 0 && !e.failingOnMain())
                && !k.mutes().containsKey(id);
    }
}
