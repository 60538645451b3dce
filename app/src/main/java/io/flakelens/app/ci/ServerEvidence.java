package io.flakelens.app.ci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.GateFailure;
import io.flakelens.core.gate.MuteIndex;
import io.flakelens.core.gate.TestEvidence;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gate --server}: asks {@code POST /api/v1/evidence} for the failed tests and, for failures
 * nothing explains, {@code POST /api/v1/predict} (when the server has no model it answers 404 and
 * the gate goes without probabilities).
 */
public record ServerEvidence(ServerClient client) implements EvidenceSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Override
    public Gate.Knowledge lookup(List<GateFailure> failures, String since, int mainRevisions, MuteIndex localMutes)
            throws ServerUnreachable, ServerRefused {
        Map<String, TestEvidence> evidence = new HashMap<>();
        Map<String, Gate.Mute> mutes = new HashMap<>();
        List<String> ids = failures.stream().map(f -> f.id().id()).distinct().toList();
        if (!ids.isEmpty()) {
            Map<String, Object> ask = new LinkedHashMap<>();
            ask.put("tests", ids);
            ask.put("since", since);
            ask.put("main_revisions", mainRevisions);
            JsonNode answer = post("/api/v1/evidence", ask);
            for (JsonNode t : answer.path("tests")) {
                TestEvidence e = EvidenceJson.evidence(t);
                evidence.put(e.id().id(), e);
                Gate.Mute local = localMutes.find(e.id());
                Gate.Mute stored = EvidenceJson.mute(t);
                if (local != null || stored != null) {
                    mutes.put(e.id().id(), local != null ? local : stored);
                }
            }
        }
        Gate.Knowledge k = new Gate.Knowledge(evidence, mutes, Map.of());
        List<Map<String, Object>> records = new ArrayList<>();
        for (GateFailure f : failures) {
            if (EvidenceSource.unexplained(f, k)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", f.id().id());
                r.put("text", f.text());
                r.put("test", f.id().id());
                records.add(r);
            }
        }
        if (records.isEmpty()) {
            return k;
        }
        ServerClient.Reply reply = client.send(
                "POST",
                "/api/v1/predict",
                "application/json",
                () -> HttpRequest.BodyPublishers.ofString(write(records)),
                TIMEOUT);
        if (reply.status() == 404) {
            return k;
        }
        JsonNode answers = read(reply, "/api/v1/predict");
        Map<String, Double> p = new HashMap<>();
        for (JsonNode a : answers.isArray() ? answers : JSON.createArrayNode().add(answers)) {
            p.put(a.path("id").asText(), a.path("flake_probability").asDouble());
        }
        return new Gate.Knowledge(evidence, mutes, p);
    }

    private JsonNode post(String path, Object body) throws ServerUnreachable, ServerRefused {
        ServerClient.Reply reply = client.send(
                "POST", path, "application/json", () -> HttpRequest.BodyPublishers.ofString(write(body)), TIMEOUT);
        return read(reply, path);
    }

    private JsonNode read(ServerClient.Reply reply, String path) throws ServerRefused {
        if (reply.status() != 200) {
            String hint = reply.status() == 401
                    ? (client.hasToken()
                            ? " (is FLAKELENS_TOKEN valid?)"
                            : " (the server's reads are private: set FLAKELENS_TOKEN)")
                    : "";
            throw new ServerRefused(
                    reply.status(),
                    path + " answered " + reply.status() + ": " + ServerClient.error(reply.body()) + hint);
        }
        try {
            return JSON.readTree(reply.body());
        } catch (JsonProcessingException e) {
            throw new ServerRefused(
                    reply.status(), path + " answered something that is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
