package io.flakelens.app.cli;

import static io.flakelens.app.SurefireXml.fail;
import static io.flakelens.app.SurefireXml.flaky;
import static io.flakelens.app.SurefireXml.pass;
import static io.flakelens.app.SurefireXml.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.TestStores;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IngestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private Map<String, JsonNode> byName(JsonNode files) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode f : files) {
            String p = f.get("path").asText();
            m.put(p.substring(p.lastIndexOf('/') + 1), f);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aBatchWithBadFilesLandsTheGoodOnesAndNamesEachBadOneWithLineAndCause(String store) throws Exception {
        Path reports = dir.resolve("reports");
        write(
                "reports/TEST-a.xml",
                report("com.A", pass("com.A", "one"), fail("com.A", "two"), flaky("com.A", "three")));
        write("reports/truncated.xml", "<testsuite>\n<testcase name=\"x\">\n<fail");
        write("reports/empty.xml", "");
        Files.write(reports.resolve("binary.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff, 0});
        write(
                "reports/xxe.xml",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                        + "<testsuite><testcase name=\"&x;\"/></testsuite>");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(reports.resolve("b.xml.gz")))) {
            gz.write(report("com.B", pass("com.B", "one")).getBytes(StandardCharsets.UTF_8));
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(reports.resolve("more.zip")))) {
            zip.putNextEntry(new ZipEntry("nested/TEST-c.xml"));
            zip.write(
                    report("com.C", pass("com.C", "one"), pass("com.C", "two")).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        String db = TestStores.fresh(store, dir);

        Cli r = Cli.run(
                "ingest", "--db", db, "--job", "unit", "--run", "build-1", "--format", "json", reports.toString());

        assertThat(r.exit()).isEqualTo(2);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("runs").asLong()).isEqualTo(1);
        assertThat(doc.get("results").asLong()).isEqualTo(4 + 1 + 2); // attempts: the flaky case has two
        Map<String, JsonNode> files = byName(doc.get("files"));
        // binary.bin, in a folder beside the reports, is passed over as no report and only counted
        assertThat(files).hasSize(6);
        assertThat(doc.get("ignored").asInt()).isEqualTo(1);
        JsonNode a = files.get("TEST-a.xml");
        assertThat(a.get("status").asText()).isEqualTo("ingested");
        assertThat(a.get("format").asText()).isEqualTo("junit");
        assertThat(a.get("testcases").asInt()).isEqualTo(3);
        assertThat(a.get("passed").asInt()).isEqualTo(2);
        assertThat(a.get("failures").asInt()).isEqualTo(1);
        assertThat(a.get("flaky").asInt()).isEqualTo(1);
        assertThat(files.get("b.xml.gz").get("status").asText()).isEqualTo("ingested");
        assertThat(files.get("TEST-c.xml").get("path").asText()).contains("more.zip!/nested/TEST-c.xml");
        assertThat(files.get("truncated.xml").get("status").asText()).isEqualTo("rejected");
        assertThat(files.get("truncated.xml").get("error").asText()).matches(".*truncated\\.xml:3:\\d+: .*");
        assertThat(files.get("empty.xml").get("error").asText()).endsWith("empty.xml:1:1: empty file");
        assertThat(files.get("xxe.xml").get("error").asText())
                .contains("xxe.xml:2:")
                .contains("DTD");
        assertThat(r.err()).contains("rejected").contains("truncated.xml");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");

        // The same reports again: nothing changes, good files say they were skipped.
        Cli again = Cli.run(
                "ingest",
                "--db",
                db,
                "--job",
                "unit",
                "--run",
                "build-1",
                "--format",
                "json",
                reports.resolve("TEST-a.xml").toString(),
                reports.resolve("more.zip").toString());
        assertThat(again.exit()).isZero();
        JsonNode doc2 = JSON.readTree(again.out());
        assertThat(doc2.get("results").asLong()).isZero();
        assertThat(doc2.get("files"))
                .allSatisfy(f -> assertThat(f.get("status").asText()).isEqualTo("skipped"));
        JsonNode runs = JSON.readTree(Cli.run("runs", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("tests").asInt()).isEqualTo(6);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void withoutARunIdTheSameReportsMapToTheSameRun(String store) throws Exception {
        Path a = write("r/TEST-a.xml", report("com.A", pass("com.A", "one")));
        String db = TestStores.fresh(store, dir);
        assertThat(Cli.run("ingest", "--db", db, a.toString()).exit()).isZero();
        Cli again = Cli.run("ingest", "--db", db, "--format", "json", a.toString());
        assertThat(JSON.readTree(again.out()).get("files").get(0).get("status").asText())
                .isEqualTo("skipped");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aManifestLandsEveryGoodLineAndNamesTheBadOnes(String store) throws Exception {
        write("m/r1/TEST-a.xml", report("com.A", fail("com.A", "t")));
        write("m/r2/TEST-a.xml", report("com.A", pass("com.A", "t")));
        Path manifest = write(
                "m/runs.jsonl",
                String.join(
                        "\n",
                        "{\"run\":\"r1\",\"job\":\"unit\",\"builder\":\"linux\",\"revision\":\"abc\",\"started_at\":\"2026-11-20T10:00:00Z\",\"team\":\"core\",\"reports\":[\"r1/TEST-a.xml\"]}",
                        "{not json",
                        "{\"job\":\"unit\"}",
                        "{\"run\":\"r3\",\"rerun\":true,\"reports\":[\"r2/TEST-a.xml\"]}",
                        "{\"run\":\"r2\",\"job\":\"unit\",\"builder\":\"linux\",\"revision\":\"abc\",\"started_at\":\"2026-11-20T11:00:00Z\",\"reports\":[\"r2/TEST-a.xml\"]}",
                        ""));
        String db = TestStores.fresh(store, dir);
        Cli r = Cli.run("ingest", "--db", db, "--manifest", manifest.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(2);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("runs").asInt()).isEqualTo(2);
        assertThat(doc.get("results").asInt()).isEqualTo(2);
        assertThat(r.err())
                .contains("runs.jsonl:2:")
                .contains("runs.jsonl:3: missing \"run\"")
                .contains("runs.jsonl:4: \"rerun\" needs the \"revision\" it reran");

        // r1 failed and r2 passed the same code on the same builder: same-code evidence
        JsonNode flakes = JSON.readTree(Cli.run("flakes", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(flakes).hasSize(1);
        JsonNode f = flakes.get(0);
        assertThat(f.get("id").asText()).isEqualTo("com.A::t");
        for (String field : new String[] {
            "suite",
            "name",
            "id",
            "group",
            "score",
            "kinds",
            "occurrences",
            "changes",
            "runs",
            "failures",
            "flake_rate",
            "builders",
            "first_seen",
            "last_seen"
        }) {
            assertThat(f.has(field)).as(field).isTrue();
        }
        assertThat(f.get("kinds").get(0).asText()).isEqualTo("same-code");
        assertThat(f.get("runs").asInt()).isEqualTo(2);
        assertThat(f.get("flake_rate").asDouble()).isEqualTo(0.5);
        assertThat(f.get("builders").get("linux").asInt()).isEqualTo(1);

        String csv = Cli.run("flakes", "--db", db, "--since", "all", "--format", "csv")
                .out();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("rank,score,test,kinds,").contains("com.A::t,same-code,");
        assertThat(Cli.run("flakes", "--db", db, "--since", "all", "--format", "md")
                        .out())
                .contains("| com.A::t");
        assertThat(Cli.run("flakes", "--db", db, "--since", "all", "--builder", "mac", "--format", "json")
                        .out()
                        .strip())
                .isEqualTo("[ ]");
        assertThat(Cli.run("test", "--db", db, "com.A::t").out())
                .contains("Per builder:")
                .contains("linux")
                .contains("same-code");

        JsonNode history = JSON.readTree(
                Cli.run("test", "--db", db, "com.A::t", "--format", "json").out());
        assertThat(history.get("runs")).hasSize(2);
        assertThat(history.get("runs").get(0).get("verdict").asText()).isEqualTo("passed");
        assertThat(history.get("runs").get(1).get("evidence").asText()).isEqualTo("same-code");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badUsageExitsTwoWithoutAStackTrace(String store) {
        Cli r = Cli.run("ingest", "--db", TestStores.fresh(store, dir));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("name report files");
        Cli s = Cli.run("flakes", "--db", TestStores.fresh(store, dir), "--since", "yesterday-ish");
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("--since");
        Cli t = Cli.run("test", "--db", TestStores.fresh(store, dir), "no::such");
        assertThat(t.exit()).isEqualTo(1);
        assertThat(t.err()).contains("no test no::such");
    }

    @Test
    void aDatabaseHeldByAnotherProcessIsSaidClearly() throws Exception {
        Path db = dir.resolve("held.db");
        Path a = write("r/TEST-a.xml", report("com.A", pass("com.A", "one")));
        assertThat(Cli.run("ingest", "--db", db.toString(), a.toString()).exit())
                .isZero();
        // Hold the file the way a running server does: an open connection in another process.
        Process holder = new ProcessBuilder(
                        javaBin(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HoldDatabase.class.getName(),
                        db.toString())
                .redirectErrorStream(true)
                .start();
        try {
            byte[] ready = holder.getInputStream().readNBytes(5);
            assertThat(new String(ready, StandardCharsets.UTF_8)).isEqualTo("ready");
            Cli r = Cli.run("flakes", "--db", db.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err())
                    .contains("in use by another process")
                    .contains("/api/v1/runs")
                    .contains("jdbc:postgresql");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
