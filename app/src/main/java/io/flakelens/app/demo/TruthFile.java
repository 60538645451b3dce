package io.flakelens.app.demo;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.flakelens.app.demo.TestTruth.BrokenEnvironment;
import io.flakelens.app.demo.TestTruth.ChangeRegression;
import io.flakelens.app.demo.TestTruth.Flaky;
import io.flakelens.app.demo.TestTruth.MainlineRegression;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code truth.json}: the truth in a form other tools (and a later demo over the same folder) can
 * read. Field order is fixed and maps are sorted, so the file is as reproducible as the reports.
 */
final class TruthFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Jackson's default indenter ends lines with the platform's separator; the file must not differ by OS. */
    private static final ObjectWriter PRETTY =
            JSON.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private TruthFile() {}

    static byte[] bytes(SimulationTruth truth) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", truth.seed());
        root.put("now", truth.now().toString());
        root.put("tests_total", truth.testCount());
        Map<String, Object> tests = new LinkedHashMap<>();
        truth.tests().forEach((id, t) -> tests.put(id, test(t)));
        root.put("tests", tests);
        Map<String, Object> infra = new LinkedHashMap<>();
        infra.put("message", truth.infraMessage());
        infra.put("runs", truth.infraRuns());
        root.put("infra", infra);
        List<Object> envs = new ArrayList<>();
        for (BrokenEnvironment e : truth.brokenEnvironments()) {
            envs.add(test(e));
        }
        root.put("broken_env", envs);
        root.put("revisions", truth.revisions());
        byte[] json = PRETTY.writeValueAsBytes(root);
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }

    private static Map<String, Object> test(TestTruth t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", t.kind().label());
        if (t instanceof Flaky f) {
            m.put("rate", f.rate());
            m.put("builder", f.builder());
            if (f.since() != null) {
                m.put("since", f.since());
            }
        } else if (t instanceof MainlineRegression r) {
            m.put("job", r.job());
            m.put("introduced", r.introduced());
            m.put("fixed", r.fixed());
            m.put("revisions", r.revisions());
            m.put("changes", r.changes());
        } else if (t instanceof ChangeRegression r) {
            m.put("job", r.job());
            m.put("change", r.change());
            m.put("patchsets", r.patchsets());
            m.put("merged", r.merged());
        } else if (t instanceof BrokenEnvironment e) {
            m.put("builder", e.builder());
            m.put("job", e.job());
            m.put("suite", e.suite());
            m.put("report", e.report());
            m.put("from", e.from().toString());
            m.put("to", e.to().toString());
        }
        return m;
    }

    static SimulationTruth read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, TestTruth> tests = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("tests").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            tests.put(e.getKey(), test(e.getValue()));
        }
        List<String> infraRuns = strings(root.path("infra").path("runs"));
        List<BrokenEnvironment> envs = new ArrayList<>();
        for (JsonNode e : root.path("broken_env")) {
            envs.add((BrokenEnvironment) test(e));
        }
        return new SimulationTruth(
                root.path("seed").asLong(),
                Instant.parse(root.path("now").asText()),
                root.path("tests_total").asInt(),
                tests,
                text(root.path("infra"), "message"),
                infraRuns,
                envs,
                strings(root.path("revisions")));
    }

    private static TestTruth test(JsonNode n) throws IOException {
        String kind = n.path("kind").asText();
        if (kind.equals(TestTruth.Kind.FLAKY.label())) {
            return new Flaky(n.path("rate").asDouble(), text(n, "builder"), text(n, "since"));
        }
        if (kind.equals(TestTruth.Kind.BROKEN_ENV.label())) {
            return new BrokenEnvironment(
                    text(n, "builder"),
                    text(n, "job"),
                    text(n, "suite"),
                    text(n, "report"),
                    Instant.parse(n.path("from").asText()),
                    Instant.parse(n.path("to").asText()));
        }
        if (kind.equals(TestTruth.Kind.REGRESSION.label())) {
            if (n.hasNonNull("change")) {
                return new ChangeRegression(
                        text(n, "job"),
                        text(n, "change"),
                        strings(n.path("patchsets")),
                        n.path("merged").asBoolean());
            }
            return new MainlineRegression(
                    text(n, "job"),
                    text(n, "introduced"),
                    text(n, "fixed"),
                    strings(n.path("revisions")),
                    strings(n.path("changes")));
        }
        throw new IOException("truth.json: unknown kind \"" + kind + "\"");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(s.asText());
        }
        return out;
    }
}
