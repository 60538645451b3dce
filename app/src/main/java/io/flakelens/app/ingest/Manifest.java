package io.flakelens.app.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.s3.S3Location;
import io.flakelens.app.s3.S3Objects;
import io.flakelens.core.model.Run;
import io.flakelens.store.IngestSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code runs.jsonl}: many runs at once, one JSON object a line, reports named relative to the
 * manifest (its folder, or its key's prefix when it is in an object store) or as {@code s3://}
 * names. Known fields map onto {@link Run}; unknown ones are kept in {@code extra}; a bad line is
 * reported with its number and the other lines still land.
 */
final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of(
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
            "started_at",
            "duration_ms",
            "status",
            "merged",
            "rerun",
            "url",
            "reports");

    record Entry(Run run, List<NamedInput> reports) {}

    record Problem(long line, String reason) {}

    interface Visitor {
        void entry(Entry e) throws IOException;

        void problem(Problem p);
    }

    /**
     * Streams the manifest so a manifest of a million runs needs no more memory than one.
     *
     * @param store reads a manifest in the store and any {@code s3://} report it names
     */
    static void read(NamedInput manifest, S3Objects store, Visitor v) throws IOException {
        Function<String, NamedInput> resolve;
        BufferedReader opened;
        if (manifest instanceof NamedInput.InBucket remote) {
            if (store == null) {
                throw new IOException(remote.label() + ": s3:// manifests are not read here");
            }
            S3Location at = remote.location();
            resolve = name ->
                    S3Location.names(name) ? NamedInput.of(name) : new NamedInput.InBucket(at.resolveSibling(name));
            opened = new BufferedReader(new InputStreamReader(store.open(at), StandardCharsets.UTF_8), 1 << 16);
        } else {
            Path local = ((NamedInput.Local) manifest).path();
            Path base = local.toAbsolutePath().getParent();
            resolve = name -> S3Location.names(name)
                    ? NamedInput.of(name)
                    : new NamedInput.Local(base.resolve(name).normalize());
            opened = Files.newBufferedReader(local, StandardCharsets.UTF_8);
        }
        try (BufferedReader r = opened) {
            String line;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                Entry e;
                try {
                    e = parse(JSON.readTree(line), resolve);
                } catch (IOException | RuntimeException ex) {
                    v.problem(new Problem(no, firstLine(ex.getMessage())));
                    continue;
                }
                v.entry(e);
            }
        }
    }

    static Entry parse(JsonNode n, Function<String, NamedInput> resolve) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = text(n, "run");
        if (id == null) {
            throw new IllegalArgumentException("missing \"run\" (the run's id)");
        }
        if (n.path("rerun").asBoolean(false) && text(n, "revision") == null) {
            throw new IllegalArgumentException("\"rerun\" needs the \"revision\" it reran");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!KNOWN.contains(f.getKey())) {
                extra.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class));
            }
        }
        List<NamedInput> reports = new ArrayList<>();
        JsonNode rs = n.get("reports");
        if (rs != null && rs.isArray()) {
            for (JsonNode p : rs) {
                reports.add(resolve.apply(p.asText()));
            }
        } else if (rs != null && rs.isTextual()) {
            reports.add(resolve.apply(rs.asText()));
        }
        Run run = new Run(
                text(n, "source") == null ? "manifest" : text(n, "source"),
                id,
                text(n, "job"),
                text(n, "builder"),
                text(n, "revision"),
                text(n, "change"),
                text(n, "patchset"),
                text(n, "equivalence"),
                n.hasNonNull("attempt") ? n.get("attempt").asInt() : null,
                text(n, "payload"),
                time(text(n, "started_at")),
                n.hasNonNull("duration_ms") ? n.get("duration_ms").asLong() : null,
                text(n, "status"),
                text(n, "url"),
                n.hasNonNull("merged") ? n.get("merged").asBoolean() : null,
                extra,
                n.hasNonNull("rerun") && n.get("rerun").asBoolean());
        // a NUL in an id would be dropped by nothing and kept by no store: say so on this line
        IngestSession.check(run);
        return new Entry(run, reports);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Instant time(String s) {
        return StartTime.parse(s);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable line";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
