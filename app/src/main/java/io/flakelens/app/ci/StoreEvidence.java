package io.flakelens.app.ci;

import io.flakelens.app.cli.Since;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.GateFailure;
import io.flakelens.core.gate.MuteIndex;
import io.flakelens.core.gate.TestEvidence;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code gate --db}: asks the store directly, with the model of {@code --model} when given. */
public record StoreEvidence(Database db, FlakeModel model) implements EvidenceSource {
    @Override
    public Gate.Knowledge lookup(List<GateFailure> failures, String since, int mainRevisions, MuteIndex localMutes) {
        Instant from = Since.parse(since, Instant.now());
        StoreKnowledge.refresh(db);
        List<TestId> ids = failures.stream().map(GateFailure::id).distinct().toList();
        Map<String, StoreKnowledge.Entry> found = StoreKnowledge.lookup(db, ids, from, mainRevisions);
        Map<String, TestEvidence> evidence = new HashMap<>();
        Map<String, Gate.Mute> mutes = new HashMap<>();
        found.forEach((id, e) -> {
            evidence.put(id, e.evidence());
            Gate.Mute local = localMutes.find(e.evidence().id());
            if (local != null || e.mute() != null) {
                mutes.put(id, local != null ? local : e.mute());
            }
        });
        Gate.Knowledge k = new Gate.Knowledge(evidence, mutes, Map.of());
        if (model == null) {
            return k;
        }
        Map<String, Double> p = new HashMap<>();
        for (GateFailure f : failures) {
            if (EvidenceSource.unexplained(f, k)) {
                double x = model.predict(new FailureText(f.id().id(), f.text(), f.id().id(), null, null))
                        .flakeProbability();
                // as /api/v1/predict rounds it, so a threshold decides alike against the store and a server
                p.put(f.id().id(), Math.round(x * 10_000) / 10_000.0);
            }
        }
        return new Gate.Knowledge(evidence, mutes, p);
    }
}
