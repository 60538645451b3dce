package io.flakelens.app.ci;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.TestEvidence;
import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.Language;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.quarantine.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of {@code POST /api/v1/evidence}'s answer, written by the server and read by the gate,
 * so that a gate against a server sees exactly what a gate against the store sees.
 */
public final class EvidenceJson {
    private EvidenceJson() {}

    public static Map<String, Object> test(TestEvidence e, Gate.Mute mute) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().id());
        m.put("known", e.occurrences() > 0);
        m.put("occurrences", e.occurrences());
        m.put("score", e.score());
        m.put("runs", e.runs());
        m.put("failures", e.failures());
        m.put("flake_rate", Math.round(e.flakeRate() * 10_000) / 10_000.0);
        m.put("kinds", e.kinds().stream().map(EvidenceKind::label).toList());
        List<Map<String, Object>> ev = new ArrayList<>();
        for (EvidenceCount c : e.evidence()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", c.kind().label());
            x.put("post_submit", c.postSubmit());
            x.put("occurrences", c.occurrences());
            x.put("changes", c.changes());
            ev.add(x);
        }
        m.put("evidence", ev);
        m.put("failing_on_main", e.failingOnMain());
        m.put("main_failing_revisions", e.mainRevisions());
        m.put("muted", mute == null ? null : mute(mute));
        return m;
    }

    private static Map<String, Object> mute(Gate.Mute mute) {
        MutedTest t = mute.entry();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repo", mute.repo());
        m.put("file", t.file());
        m.put("line", t.line());
        m.put("language", t.language().label());
        m.put("suite", t.test().suite());
        m.put("name", t.test().name());
        m.put("marker", t.marker());
        m.put("ticket", t.ticket());
        m.put("reason", t.reason());
        m.put("since", t.since());
        m.put("scope", t.scope().label());
        return m;
    }

    static TestEvidence evidence(JsonNode n) {
        List<EvidenceCount> ev = new ArrayList<>();
        for (JsonNode x : n.path("evidence")) {
            ev.add(new EvidenceCount(
                    EvidenceKind.ofLabel(x.path("kind").asText()),
                    x.path("post_submit").asBoolean(),
                    x.path("occurrences").asLong(),
                    x.path("changes").asLong()));
        }
        return new TestEvidence(
                TestId.parse(n.path("id").asText()),
                ev,
                n.path("score").asLong(),
                n.path("runs").asLong(),
                n.path("failures").asLong(),
                n.path("failing_on_main").asBoolean(),
                n.path("main_failing_revisions").asInt());
    }

    static Gate.Mute mute(JsonNode n) {
        JsonNode m = n.path("muted");
        if (m.isMissingNode() || m.isNull()) {
            return null;
        }
        MutedTest t = new MutedTest(
                text(m, "file"),
                m.path("line").asInt(),
                Language.ofLabel(m.path("language").asText()),
                new TestId(text(m, "suite"), text(m, "name")),
                text(m, "marker"),
                text(m, "ticket"),
                text(m, "reason"),
                text(m, "since"),
                Scope.ofLabel(m.path("scope").asText()));
        return new Gate.Mute(t, text(m, "repo"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
