package io.flakelens.app.ci;

import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.MuteIndex;
import io.flakelens.core.gate.TestEvidence;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import io.flakelens.store.gate.EvidenceQuery;
import io.flakelens.store.quarantine.QuarantineLedger;
import io.flakelens.store.quarantine.StoredScan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store knows about a list of tests: evidence and the mute of the latest stored scans. The
 * server's {@code /api/v1/evidence} and {@code gate --db} both answer from here.
 */
public final class StoreKnowledge {
    /** One test's evidence and the stored mute that covers it (null when none does). */
    public record Entry(TestEvidence evidence, Gate.Mute mute) {}

    private StoreKnowledge() {}

    /** Runs detection when something was ingested since the last pass, as every reading command does. */
    public static void refresh(Database db) {
        if (FlakeDetection.stale(db)) {
            new FlakeDetection(DetectionConfig.defaults()).run(db);
        }
    }

    public static Map<String, Entry> lookup(Database db, List<TestId> tests, Instant since, int mainRevisions) {
        Map<String, TestEvidence> evidence = new EvidenceQuery(db).evidence(tests, since, mainRevisions);
        MuteIndex mutes = storedMutes(db);
        Map<String, Entry> out = new LinkedHashMap<>();
        evidence.forEach((id, e) -> out.put(id, new Entry(e, mutes.find(e.id()))));
        return out;
    }

    static MuteIndex storedMutes(Database db) {
        List<Gate.Mute> all = new ArrayList<>();
        for (StoredScan s : new QuarantineLedger(db).latest(null)) {
            s.entries().forEach(e -> all.add(new Gate.Mute(e, s.repo())));
        }
        return new MuteIndex(all);
    }
}
