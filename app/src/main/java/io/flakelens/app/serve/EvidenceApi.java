package io.flakelens.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.ci.EvidenceJson;
import io.flakelens.app.ci.StoreKnowledge;
import io.flakelens.app.contract.Window;
import io.flakelens.core.gate.GatePolicy;
import io.flakelens.core.model.TestId;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/evidence}: for the tests a CI run failed, each one's flake evidence, runs,
 * failures, flake rate and score over a window, whether it fails on the main line, and the stored
 * mute that covers it. What {@code flakelens gate --server} judges from; a read like the others
 * (public unless {@code --private}). A POST because a failed run's list of ids can be long.
 */
final class EvidenceApi {
    /** A run failing more tests than this is an infrastructure failure, not a list to look up. */
    static final int MAX_TESTS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreAccess store;
    private final DetectionJob detection;

    EvidenceApi(StoreAccess store, DetectionJob detection) {
        this.store = store;
        this.detection = detection;
    }

    void evidence(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.bodyAsBytes());
        } catch (java.io.IOException e) {
            throw ApiError.badParameter("body", "not valid JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject() || !body.path("tests").isArray()) {
            throw ApiError.badParameter("tests", "send {\"tests\": [\"suite::name\", ...]} with the failed tests' ids");
        }
        if (body.path("tests").size() > MAX_TESTS) {
            throw ApiError.badParameter("tests", "at most " + MAX_TESTS + " tests per request");
        }
        List<TestId> tests = new ArrayList<>();
        for (JsonNode t : body.path("tests")) {
            if (!t.isTextual() || t.asText().isBlank()) {
                throw ApiError.badParameter("tests", "each test is a \"suite::name\" string; got " + t);
            }
            tests.add(TestId.parse(t.asText()));
        }
        String sinceText = body.hasNonNull("since") ? body.path("since").asText() : Window.DEFAULT;
        Instant since;
        try {
            since = Window.start(sinceText, Instant.now());
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("since", e.getMessage());
        }
        int mainRevisions = GatePolicy.defaults().mainRevisions();
        if (body.has("main_revisions")) {
            JsonNode n = body.path("main_revisions");
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                throw ApiError.badParameter("main_revisions", "a whole number of at least 1");
            }
            mainRevisions = n.asInt();
        }
        int revisions = mainRevisions;
        detection.refresh();
        Map<String, StoreKnowledge.Entry> found = store.with(db -> StoreKnowledge.lookup(db, tests, since, revisions));
        List<Map<String, Object>> out = new ArrayList<>();
        found.values().forEach(e -> out.add(EvidenceJson.test(e.evidence(), e.mute())));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("since", since.toString());
        reply.put("main_revisions", mainRevisions);
        reply.put("tests", out);
        Replies.json(ctx, 200, reply);
    }
}
