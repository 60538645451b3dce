package io.flakelens.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.ingest.RunFlags;
import io.flakelens.app.ingest.StartTime;
import io.flakelens.core.model.StorableText;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run metadata of an upload: form fields named like the {@code ingest} flags, or a
 * {@code metadata} JSON object with the same names; the names of a manifest line ({@code started_at},
 * {@code duration_ms}) are taken too. Form fields win over the JSON, as flags win over the CI
 * environment. Anything else is a 400 that names the field: an unknown name (a typo must not be
 * dropped silently), a value of the wrong kind, a field given twice over, a time outside 1970 to 9999,
 * text with a NUL.
 */
final class UploadMetadata {
    static final List<String> FIELDS = List.of(
            "run",
            "source",
            "job",
            "builder",
            "revision",
            "change",
            "patchset",
            "equivalence",
            "attempt",
            "payload",
            "started",
            "started_at",
            "duration_ms",
            "status",
            "url",
            "merged",
            "rerun");
    private static final Set<String> BOOLEANS = Set.of("merged", "rerun");
    private static final Set<String> NUMBERS = Set.of("attempt", "duration_ms", "started", "started_at");

    private static final ObjectMapper JSON = new ObjectMapper();

    private UploadMetadata() {}

    /**
     * @param form the upload's text fields (file parts are not in it); {@code metadata} is the JSON
     */
    static RunFlags read(String metadataJson, Map<String, List<String>> form) {
        Map<String, String> v = new HashMap<>();
        Map<String, JsonNode> numbers = new HashMap<>();
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
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey();
                JsonNode x = f.getValue();
                known(name);
                if (x.isNull()) {
                    continue;
                }
                if (x.isTextual()) {
                    v.put(name, x.textValue());
                } else if (x.isIntegralNumber() && NUMBERS.contains(name)) {
                    numbers.put(name, x);
                } else if (x.isNumber() && !NUMBERS.contains(name) || x.isBoolean() && BOOLEANS.contains(name)) {
                    // a numeric build id or revision, or merged: true
                    v.put(name, x.asText());
                } else {
                    throw ApiError.badParameter(name, "must be " + kind(name) + ", not " + describe(x));
                }
            }
        }
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            String name = e.getKey();
            if (name.equals("metadata")) {
                continue;
            }
            known(name);
            List<String> xs = e.getValue();
            if (xs.stream().distinct().count() > 1) {
                throw ApiError.badParameter(name, "given " + xs.size() + " times with different values; give it once");
            }
            if (!xs.isEmpty() && !xs.get(0).isBlank()) {
                v.put(name, xs.get(0));
                numbers.remove(name);
            }
        }
        for (Map.Entry<String, String> e : v.entrySet()) {
            String problem = StorableText.problem(e.getValue());
            if (problem != null) {
                throw ApiError.badParameter(e.getKey(), "holds " + problem + ", which no store can keep");
            }
        }
        if ((v.containsKey("started") || numbers.containsKey("started"))
                && (v.containsKey("started_at") || numbers.containsKey("started_at"))) {
            throw ApiError.badParameter("started_at", "give the start time once, as started or as started_at");
        }
        String startedName =
                v.containsKey("started_at") || numbers.containsKey("started_at") ? "started_at" : "started";
        return new RunFlags(
                v.get("run"),
                v.get("source"),
                v.get("job"),
                v.get("builder"),
                v.get("revision"),
                v.get("change"),
                v.get("patchset"),
                v.get("equivalence"),
                attempt(v.get("attempt"), numbers.get("attempt")),
                v.get("payload"),
                started(startedName, v.get(startedName), numbers.get(startedName)),
                v.get("status"),
                v.get("url"),
                flag("merged", v.get("merged")),
                duration(v.get("duration_ms"), numbers.get("duration_ms")),
                rerun(v.get("rerun"), v.get("revision")));
    }

    private static void known(String name) {
        if (name.equals("reports")) {
            throw ApiError.badParameter("reports", "send the report files as file parts, not as a metadata field");
        }
        if (!FIELDS.contains(name)) {
            throw ApiError.badParameter(name, "not a run field; the fields are " + String.join(", ", FIELDS));
        }
    }

    private static String kind(String name) {
        return switch (name) {
            case "attempt" -> "a whole number";
            case "duration_ms" -> "a whole number of milliseconds";
            case "started", "started_at" -> "an ISO-8601 time or whole seconds since 1970";
            case "merged", "rerun" -> "true or false";
            default -> "a string";
        };
    }

    private static String describe(JsonNode x) {
        String t = x.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        return (t.startsWith("a") || t.startsWith("o") ? "an " : "a ") + t;
    }

    private static Integer attempt(String s, JsonNode n) {
        if (n != null) {
            if (!n.canConvertToInt() || n.intValue() < 0) {
                throw ApiError.badParameter("attempt", "must be a whole number from 0, not " + n);
            }
            return n.intValue();
        }
        if (s == null) {
            return null;
        }
        try {
            int a = Integer.parseInt(s.strip());
            if (a < 0) {
                throw new NumberFormatException();
            }
            return a;
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("attempt", "cannot read \"" + s + "\"; use a whole number");
        }
    }

    private static Long duration(String s, JsonNode n) {
        if (n != null) {
            if (!n.canConvertToLong() || n.longValue() < 0) {
                throw ApiError.badParameter("duration_ms", "must be a whole number of milliseconds from 0, not " + n);
            }
            return n.longValue();
        }
        if (s == null) {
            return null;
        }
        try {
            long d = Long.parseLong(s.strip());
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("duration_ms", "cannot read \"" + s + "\"; use a whole number of milliseconds");
        }
    }

    private static Instant started(String name, String s, JsonNode n) {
        try {
            if (n != null) {
                if (!n.canConvertToLong()) {
                    throw new IllegalArgumentException(n + " seconds since 1970 is not between 1970 and 9999");
                }
                return StartTime.ofEpochSecond(n.longValue());
            }
            return StartTime.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter(name, e.getMessage());
        }
    }

    private static Boolean flag(String name, String s) {
        if (s == null) {
            return null;
        }
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiError.badParameter(name, "cannot read \"" + s + "\"; use true or false");
        };
    }

    private static Boolean rerun(String s, String revision) {
        Boolean rerun = flag("rerun", s);
        if (Boolean.TRUE.equals(rerun) && revision == null) {
            throw ApiError.badParameter("rerun", "a rerun needs the revision it reran");
        }
        return rerun;
    }
}
