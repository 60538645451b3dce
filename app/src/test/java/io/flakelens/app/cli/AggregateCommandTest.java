package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * End to end: a payload's 10 runs and 20 runs of history are ingested from JUnit reports through a
 * manifest, then {@code aggregate} judges them, prints its JSON and writes JUnit that CI can show.
 */
class AggregateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYLOAD = "4.18.0-0.nightly-2026-11-20-000000";
    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    /** One run's report: each entry is name=outcome with P, F or S. */
    private String report(int run, String... cases) throws IOException {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (String c : cases) {
            String[] kv = c.split("=");
            String cls = kv[0].substring(0, kv[0].indexOf("::"));
            String name = kv[0].substring(kv[0].indexOf("::") + 2);
            sb.append("<testcase classname=\"")
                    .append(cls)
                    .append("\" name=\"")
                    .append(name)
                    .append("\" time=\"1\"");
            switch (kv[1]) {
                case "P" -> sb.append("/>\n");
                case "F" -> sb.append("><failure message=\"boom\">at x</failure></testcase>\n");
                default -> sb.append("><skipped/></testcase>\n");
            }
        }
        sb.append("</testsuites>\n");
        Path p = dir.resolve("reports").resolve("run" + run + ".xml");
        Files.createDirectories(p.getParent());
        Files.writeString(p, sb, StandardCharsets.UTF_8);
        return dir.relativize(p).toString();
    }

    private void line(StringBuilder manifest, int run, String payload, Instant at, String report) {
        line(manifest, run, "e2e", payload, at, report);
    }

    private void line(StringBuilder manifest, int run, String job, String payload, Instant at, String report) {
        manifest.append("{\"run\":\"r")
                .append(run)
                .append("\",\"job\":\"")
                .append(job)
                .append("\",\"builder\":\"aws\",")
                .append(payload == null ? "" : "\"payload\":\"" + payload + "\",")
                .append("\"started_at\":\"")
                .append(at)
                .append("\",\"reports\":[\"")
                .append(report)
                .append("\"]}\n");
    }

    /**
     * History (20 runs over the 5 days before): stable and regressed always pass, flaky passes 14 of 20.
     * Payload (10 runs): regressed passes 3 (100% history needs 8 after the pity factor: fails); flaky passes
     * 4 (70% needs 3: passes); fresh has no history (70% assumed: passes, said); sometimes ran 4 times
     * (insufficient runs: fails); Infra::setup always fails but is on the always-pass list; skipped never ran.
     */
    private String ingest(String store) throws IOException {
        String db = TestStores.fresh(store, dir);
        StringBuilder manifest = new StringBuilder();
        int run = 0;
        for (int i = 0; i < 20; i++) {
            line(
                    manifest,
                    ++run,
                    i % 5 == 0 ? "4.18.0-0.nightly-older" : null,
                    START.minus(Duration.ofHours(6 * (i + 1))),
                    report(
                            run,
                            "com.acme.Api::stable=P",
                            "com.acme.Api::regressed=P",
                            "com.acme.Api::flaky=" + (i % 10 < 7 ? "P" : "F")));
        }
        // another job's failure in the window never counts
        line(manifest, ++run, "unit", null, START.minus(Duration.ofHours(1)), report(run, "com.acme.Api::stable=F"));
        for (int i = 0; i < 10; i++) {
            List<String> cases = new ArrayList<>(List.of(
                    "com.acme.Api::stable=P",
                    "com.acme.Api::regressed=" + (i < 3 ? "P" : "F"),
                    "com.acme.Api::flaky=" + (i < 4 ? "P" : "F"),
                    "com.acme.Api::fresh=P",
                    "com.acme.Infra::setup=F",
                    "com.acme.Api::skipped=S"));
            if (i < 4) {
                cases.add("com.acme.Api::sometimes=P");
            }
            line(
                    manifest,
                    ++run,
                    PAYLOAD,
                    START.plus(Duration.ofMinutes(i)),
                    report(run, cases.toArray(String[]::new)));
        }
        Path m = dir.resolve("runs.jsonl");
        Files.writeString(m, manifest);
        Cli ingest = Cli.run("ingest", "--db", db, "--manifest", m.toString(), "--format", "json");
        assertThat(ingest.exit()).as(ingest.err()).isZero();
        return db;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void judgesThePayloadAgainstHistoryAndWritesJUnit(String store) throws Exception {
        String db = ingest(store);
        Path junit = dir.resolve("out/aggregate.xml");
        Cli c = Cli.run(
                "aggregate",
                "--db",
                db,
                "--payload",
                PAYLOAD,
                "--job",
                "e2e",
                "--format",
                "json",
                "--junit-out",
                junit.toString(),
                "--always-pass",
                "com\\.acme\\.Infra::.*");
        assertThat(c.exit()).as(c.err()).isEqualTo(3);
        JsonNode v = JSON.readTree(c.out());
        assertThat(v.get("payload").asText()).isEqualTo(PAYLOAD);
        assertThat(v.get("job").asText()).isEqualTo("e2e");
        assertThat(v.get("runs").asInt()).isEqualTo(10);
        assertThat(v.get("verdict").asText()).isEqualTo("fail");
        Map<String, JsonNode> tests = new HashMap<>();
        v.get("tests").forEach(t -> tests.put(t.get("name").asText(), t));
        assertThat(tests).containsOnlyKeys("stable", "regressed", "flaky", "fresh", "sometimes", "setup", "skipped");
        assertThat(tests.get("stable").get("suite").asText()).isEqualTo("com.acme.Api");
        assertThat(tests.get("stable").get("id").asText()).isEqualTo("com.acme.Api::stable");

        JsonNode regressed = tests.get("regressed");
        assertThat(regressed.get("attempts").asInt()).isEqualTo(10);
        assertThat(regressed.get("passes").asInt()).isEqualTo(3);
        assertThat(regressed.get("failures").asInt()).isEqualTo(7);
        assertThat(regressed.get("historical_pass_rate").asDouble()).isEqualTo(1.0);
        assertThat(regressed.get("history_runs").asInt()).isEqualTo(20);
        assertThat(regressed.get("required_passes").asInt()).isEqualTo(8);
        assertThat(regressed.get("verdict").asText()).isEqualTo("fail");
        assertThat(regressed.get("reason").asText())
                .isEqualTo("passed 3 of 10, 8 required (history 100% over 20 runs)");

        JsonNode flaky = tests.get("flaky");
        assertThat(flaky.get("historical_pass_rate").asDouble()).isEqualTo(0.7);
        assertThat(flaky.get("required_passes").asInt()).isEqualTo(3);
        assertThat(flaky.get("verdict").asText()).isEqualTo("pass");

        JsonNode fresh = tests.get("fresh");
        assertThat(fresh.get("history_runs").asInt()).isZero();
        assertThat(fresh.get("history_assumed").asBoolean()).isTrue();
        assertThat(fresh.get("reason").asText()).contains("assumed 70%");
        assertThat(tests.get("sometimes").get("reason").asText()).startsWith("insufficient runs: 4 attempts");
        assertThat(tests.get("sometimes").get("verdict").asText()).isEqualTo("fail");
        assertThat(tests.get("setup").get("verdict").asText()).isEqualTo("pass");
        assertThat(tests.get("setup").get("reason").asText()).contains("always passes");
        assertThat(tests.get("skipped").get("skips").asInt()).isEqualTo(10);
        assertThat(tests.get("skipped").get("verdict").asText()).isEqualTo("pass");
        assertThat(tests.get("stable").get("history_runs").asInt()).isEqualTo(20); // not the other job's failure

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("7");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        NodeList cases = doc.getElementsByTagName("testcase");
        Map<String, String> failures = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element tc = (Element) cases.item(i);
            NodeList f = tc.getElementsByTagName("failure");
            if (f.getLength() > 0) {
                failures.put(
                        tc.getAttribute("classname") + "::" + tc.getAttribute("name"),
                        ((Element) f.item(0)).getAttribute("message"));
            }
        }
        assertThat(failures).containsOnlyKeys("com.acme.Api::regressed", "com.acme.Api::sometimes");
        assertThat(failures.get("com.acme.Api::regressed"))
                .isEqualTo(regressed.get("reason").asText());

        // the JUnit verdict is itself a report flakelens (and so any CI) reads
        Cli back = Cli.run(
                "ingest",
                "--db",
                dir.resolve("verdicts.db").toString(),
                junit.toString(),
                "--run",
                "v1",
                "--job",
                "aggregate",
                "--format",
                "json");
        assertThat(back.exit()).as(back.err()).isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void passesWithExitZeroAndStatesItsPowerInTheTable(String store) throws Exception {
        String db = ingest(store);
        Cli c = Cli.run(
                "aggregate",
                "--db",
                db,
                "--payload",
                PAYLOAD,
                "--job",
                "e2e",
                "--always-pass",
                "com\\.acme\\.Infra::.*",
                "--always-pass",
                "regressed",
                "--min-attempts",
                "4");
        assertThat(c.exit()).as(c.out() + c.err()).isZero();
        assertThat(c.out())
                .startsWith("payload " + PAYLOAD + " on job e2e: PASS, 0 of 7 tests failed the judgement")
                .contains("power: ")
                .contains("caught 80% of the time")
                .contains("warning: 2 tests had no history on job e2e in the window: judged as if passing 70%");

        Cli missing = Cli.run("aggregate", "--db", db, "--payload", "nope", "--job", "e2e");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .contains("no runs of job e2e with payload nope")
                .contains(PAYLOAD);

        // a window of 1 hour holds no history: every test falls back to the assumed rate
        Cli narrow = Cli.run(
                "aggregate",
                "--db",
                db,
                "--payload",
                PAYLOAD,
                "--job",
                "e2e",
                "--since-history",
                "1h",
                "--format",
                "json");
        JsonNode v = JSON.readTree(narrow.out());
        v.get("tests").forEach(t -> assertThat(t.get("history_runs").asInt()).isZero());
    }
}
