package io.flakelens.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.ingest.RunFlags;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run metadata of an upload: form fields named like the {@code ingest} flags, or a
 * {@code metadata} JSON object with the same names. Form fields win over the JSON, as flags win over
 * the CI environment.
 */
final class UploadMetadata {
    static final List<String> FIELDS = List.of("run", "source", "job", "builder", "revision", "change", "patchset",
            "equivalence", "attempt", "payload", "started", "status", "url", "merged");

    private static final ObjectMapper JSON = new ObjectMapper();

    private UploadMetadata() {
    }

    static RunFlags read(String metadataJson, Map<String, List<String>> form) {
        Map<String, String> v = new HashMap<>();
        if (metadataJson != null && !metadataJson.isBlank()) {
            JsonNode node;
            try {
                node = JSON.readTree(metadataJson);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiError.badParameter("metadata", "not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw ApiError.badParameter("metadata", "must be a JSON object with the ingest fields");
            }
            for (String f : FIELDS) {
                JsonNode x = node.get(f);
                if (x != null && !x.isNull()) {
                    v.put(f, x.asText());
                }
            }
        }
        for (String f : FIELDS) {
            List<String> xs = form.get(f);
            if (xs != null && !xs.isEmpty() && !xs.get(0).isBlank()) {
                v.put(f, xs.get(0));
            }
        }
        return new RunFlags(v.get("run"), v.get("source"), v.get("job"), v.get("builder"), v.get("revision"),
                v.get("change"), v.get("patchset"), v.get("equivalence"), attempt(v.get("attempt")), v.get("payload"),
                started(v.get("started")), v.get("status"), v.get("url"), merged(v.get("merged")));
    }

    private static Integer attempt(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("attempt", "cannot read \"" + s + "\"; use a whole number");
        }
    }

    private static Instant started(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s.strip());
        } catch (RuntimeException e) {
            throw ApiError.badParameter("started", "\"" + s + "\" is not an ISO-8601 time like 2026-11-27T10:00:00Z");
        }
    }

    private static Boolean merged(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.strip().toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiError.badParameter("merged", "cannot read \"" + s + "\"; use true or false");
        };
    }
}
