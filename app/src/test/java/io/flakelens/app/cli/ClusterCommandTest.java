package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static String timeout(int n) {
        return "java.util.concurrent.TimeoutException: waited " + (n * 7) + "s for pod-" + n
                + "\n\tat com.acme.net.Client.await(Client.java:" + (40 + n)
                + ")\n\tat com.acme.net.ClientTest.testCall(ClientTest.java:12)"
                + "\n\tat org.junit.runners.ParentRunner.run(ParentRunner.java:363)";
    }

    static String wrongTax(int n) {
        return "java.lang.AssertionError: expected:<" + n
                + "> but was:<0>\n\tat com.acme.tax.Rates.compute(Rates.java:88)"
                + "\n\tat com.acme.tax.RatesTest.testVat(RatesTest.java:" + (20 + n) + ")";
    }

    private Path records(String name, List<Map<String, Object>> records) throws IOException {
        Path p = dir.resolve(name);
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> r : records) {
            b.append(JSON.writeValueAsString(r)).append('\n');
        }
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
        return p;
    }

    /** Labelled failure records: two causes of four failures each, and one alone. */
    static List<Map<String, Object>> sample() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(Map.of(
                    "id",
                    "t" + i,
                    "text",
                    timeout(i),
                    "test",
                    "ClientTest::testCall",
                    "context",
                    "e2e",
                    "merged",
                    true));
            out.add(Map.of(
                    "id",
                    "w" + i,
                    "text",
                    wrongTax(i),
                    "test",
                    "RatesTest::testVat",
                    "context",
                    "unit",
                    "merged",
                    false));
        }
        out.add(Map.of("id", "lonely", "text", "segfault in libfoo.so at 0x7ffe0000"));
        return out;
    }

    private static Map<String, String> assignments(Path out) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            m.put(n.get("id").asText(), n.get("cluster").asText());
        }
        return m;
    }

    @Test
    void writesOneClusterPerRecordAndPrintsTheClustersLargestFirst() throws Exception {
        Path in = records("failures.jsonl", sample());
        Path out = dir.resolve("assignments.jsonl");
        Cli r = Cli.run("cluster", "--input", in.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, String> a = assignments(out);
        assertThat(a).hasSize(9);
        Set<String> timeouts = new HashSet<>();
        Set<String> taxes = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            timeouts.add(a.get("t" + i));
            taxes.add(a.get("w" + i));
        }
        assertThat(timeouts).hasSize(1);
        assertThat(taxes).hasSize(1);
        assertThat(timeouts).doesNotContainAnyElementsOf(taxes).doesNotContain(a.get("lonely"));
        assertThat(r.out())
                .contains("9 failures in 3 clusters (1 of one failure) by stacktrace-v3")
                .contains(
                        "java.util.concurrent.TimeoutException: waited <dur> for pod-<n> at com.acme.net.Client.await")
                .contains("ClientTest::testCall")
                .contains("e2e")
                .contains("1.00");

        Cli json = Cli.run("cluster", "--input", in.toString(), "--format", "json");
        JsonNode clusters = JSON.readTree(json.out());
        assertThat(clusters).hasSize(3);
        assertThat(clusters.get(0).get("size").asInt()).isEqualTo(4);
        assertThat(clusters.get(2).get("ids").get(0).asText()).isEqualTo("lonely");
    }

    @Test
    void readsFoldersAndZipsAndReportsBadRecordsWithTheirLineButClustersTheRest() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                folder.resolve("a.jsonl"),
                JSON.writeValueAsString(Map.of("id", "a", "text", timeout(1))) + "\n" + "{not json\n"
                        + JSON.writeValueAsString(Map.of("id", "notext")) + "\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(folder.resolve("b.zip")))) {
            zip.putNextEntry(new ZipEntry("cockpit.json"));
            zip.write(("[" + JSON.writeValueAsString(Map.of("id", "c", "log", timeout(2), "merged", false)) + "]")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.write(folder.resolve("junk.bin"), new byte[] {(byte) 0xff, 0, 1, 2, '\n', (byte) 0xc3});
        Path out = dir.resolve("o.jsonl");
        Cli r = Cli.run("cluster", "--input", folder.toString(), "--out", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("a.jsonl:2: not a JSON object")
                .contains("a.jsonl:3: record notext has no text")
                .contains("junk.bin:1:");
        Map<String, String> a = assignments(out);
        assertThat(a.keySet()).containsExactlyInAnyOrder("a", "notext", "c");
        assertThat(a.get("a")).isEqualTo(a.get("c"));
    }

    @Test
    void badOptionsAreBadUsage() throws Exception {
        assertThat(Cli.run("cluster", "--input", dir.resolve("missing.jsonl").toString())
                        .exit())
                .isEqualTo(2);
        assertThat(Cli.run("cluster", "--input", "x", "--threshold", "1.5").exit())
                .isEqualTo(2);
        Cli unknown =
                Cli.run("cluster", "--input", records("u.jsonl", sample()).toString(), "--algorithm", "stacktrace-v9");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("stacktrace-v9").contains("stacktrace-v2");
    }

    @Test
    void theEarlierVersionStaysSelectable() throws Exception {
        Path in = records("v2.jsonl", sample());
        Path out = dir.resolve("v2-assignments.jsonl");
        Cli r = Cli.run("cluster", "--input", in.toString(), "--out", out.toString(), "--algorithm", "stacktrace-v2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("by stacktrace-v2");
        assertThat(assignments(out).values()).allMatch(c -> c.startsWith("stacktrace-v2:"));
    }

    @Test
    void learnsPredictsAndEvaluatesFromRecords() throws Exception {
        Path in = records("failures.jsonl", sample());
        Path model = dir.resolve("model.json");
        Cli learn = Cli.run("learn", "--input", in.toString(), "--model", model.toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        assertThat(learn.out())
                .contains("learned 9 failures")
                .contains("4 flaky, 4 not, 1 unlabelled")
                .contains("checked on 8 labelled failures, 5-fold cross-validated: AUC 1.000");
        Cli oneFold = Cli.run(
                "learn",
                "--input",
                in.toString(),
                "--model",
                dir.resolve("x.json").toString(),
                "--check-folds",
                "1");
        assertThat(oneFold.exit()).isNotZero();
        assertThat(oneFold.err()).contains("--check-folds");
        assertThat(dir.resolve("x.json")).doesNotExist();
        Path query = records(
                "new.jsonl", List.of(Map.of("id", "q1", "text", timeout(9)), Map.of("id", "q2", "text", wrongTax(9))));
        Cli predict = Cli.run("predict", "--model", model.toString(), "--input", query.toString());
        assertThat(predict.exit()).as(predict.err()).isZero();
        String[] lines = predict.out().strip().split("\n");
        JsonNode q1 = JSON.readTree(lines[0]);
        JsonNode q2 = JSON.readTree(lines[1]);
        assertThat(q1.get("id").asText()).isEqualTo("q1");
        assertThat(q1.get("flake_probability").asDouble()).isGreaterThan(0.7);
        assertThat(q1.get("similar").get(0).asText()).startsWith("t");
        assertThat(q1.get("cluster").asText()).startsWith("stacktrace-v3:");
        assertThat(q1.get("why").asText()).isNotBlank();
        assertThat(q2.get("flake_probability").asDouble()).isLessThan(0.3);

        Files.writeString(model, Files.readString(model).replace("\"format\":1", "\"format\":7"));
        Cli refused = Cli.run("predict", "--model", model.toString(), "--input", query.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("format 7").contains("flakelens learn");

        List<Map<String, Object>> labelled = new ArrayList<>();
        for (Map<String, Object> r : sample()) {
            Map<String, Object> m = new HashMap<>(r);
            m.put("label", String.valueOf(r.get("id")).substring(0, 1));
            labelled.add(m);
        }
        Cli eval = Cli.run(
                "evaluate", "--input", records("labelled.jsonl", labelled).toString(), "--folds", "4");
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("ARI 1.000").contains("folds by record: AUC 1.000");
    }

    static String surefire(int n) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"com.acme.Suite\">\n"
                + "<testcase classname=\"com.acme.net.ClientTest\" name=\"testCall\" time=\"1\">"
                + "<flakyFailure message=\"waited\" type=\"java.util.concurrent.TimeoutException\"><stackTrace>"
                + xml(timeout(n)) + "</stackTrace></flakyFailure></testcase>\n"
                + "<testcase classname=\"com.acme.tax.RatesTest\" name=\"testVat\" time=\"1\">"
                + "<failure message=\"expected\" type=\"java.lang.AssertionError\">" + xml(wrongTax(n))
                + "</failure></testcase>\n"
                + "<testcase classname=\"com.acme.tax.RatesTest\" name=\"testOk\" time=\"1\"/>\n"
                // a skip keeps its reason in the store, but a skip is not a failure to cluster
                + "<testcase classname=\"com.acme.tax.RatesTest\" name=\"testEuro\" time=\"0\">"
                + "<skipped message=\"Disabled until TAX-" + n + " is fixed\"/></testcase>\n"
                + "</testsuite>\n";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void clustersTheStoredFailuresRecordsEachOnesClusterAndLearnsFromDetection(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        for (int run = 1; run <= 3; run++) {
            Path report = dir.resolve("run" + run + "/TEST-suite.xml");
            Files.createDirectories(report.getParent());
            Files.writeString(report, surefire(run));
            Cli ingest = Cli.run(
                    "ingest",
                    "--db",
                    db,
                    "--job",
                    "unit",
                    "--builder",
                    "linux",
                    "--run",
                    "build-" + run,
                    "--revision",
                    "r" + run,
                    report.toString());
            assertThat(ingest.exit()).as(ingest.err()).isZero();
        }
        Cli r = Cli.run("cluster", "--db", db, "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode clusters = JSON.readTree(r.out());
        assertThat(clusters).hasSize(2);
        Map<String, Double> shareByTest = new HashMap<>();
        for (JsonNode k : clusters) {
            assertThat(k.get("size").asInt()).isEqualTo(3);
            shareByTest.put(k.get("tests").get(0).asText(), k.get("flake_share").asDouble());
        }
        assertThat(shareByTest)
                .containsEntry("com.acme.net.ClientTest::testCall", 1.0)
                .containsEntry("com.acme.tax.RatesTest::testVat", 0.0);
        try (Database d = Database.open(db);
                Statement s = d.connection().createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(cluster), count(distinct cluster) from failure"
                        + " where message not like 'Disabled%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(6);
            assertThat(rs.getLong(2)).isEqualTo(6);
            assertThat(rs.getLong(3)).isEqualTo(2);
            try (ResultSet k = s.executeQuery("select count(*), sum(size) from failure_cluster")) {
                k.next();
                assertThat(k.getLong(1)).isEqualTo(2);
                assertThat(k.getLong(2)).isEqualTo(6);
            }
        }
        // clustering again replaces, never doubles
        assertThat(Cli.run("cluster", "--db", db).exit()).isZero();

        // an old run of another job: a window of a day or of one job leaves it out, and is not recorded
        Path old = dir.resolve("old/TEST-suite.xml");
        Files.createDirectories(old.getParent());
        Files.writeString(old, surefire(9));
        assertThat(Cli.run(
                                "ingest",
                                "--db",
                                db,
                                "--job",
                                "nightly",
                                "--builder",
                                "linux",
                                "--run",
                                "old-1",
                                "--revision",
                                "r0",
                                "--started",
                                "2020-01-01T00:00:00Z",
                                old.toString())
                        .exit())
                .isZero();
        Cli day = Cli.run("cluster", "--db", db, "--since", "1d", "--format", "json");
        assertThat(day.exit()).as(day.err()).isZero();
        int dayFailures = 0;
        for (JsonNode k : JSON.readTree(day.out())) {
            dayFailures += k.get("size").asInt();
            assertThat(k.get("jobs").toString()).doesNotContain("nightly");
        }
        assertThat(dayFailures).isEqualTo(6);
        Cli nightly = Cli.run("cluster", "--db", db, "--job", "nightly");
        assertThat(nightly.exit()).as(nightly.err()).isZero();
        assertThat(nightly.out()).contains("2 failures in 2 clusters").contains("printed, not recorded");
        try (Database d = Database.open(db);
                Statement s = d.connection().createStatement();
                ResultSet rs =
                        s.executeQuery("select count(cluster) from failure where message not like 'Disabled%'")) {
            rs.next();
            assertThat(rs.getLong(1))
                    .as("the windows did not touch the recorded clusters")
                    .isEqualTo(6);
        }
        assertThat(Cli.run("cluster", "--db", db, "--since", "yesterday").err()).contains("--since");
        Cli withInput =
                Cli.run("cluster", "--input", records("x.jsonl", sample()).toString(), "--job", "unit");
        assertThat(withInput.exit()).isNotZero();
        assertThat(withInput.err()).contains("--job");
        Cli test = Cli.run("test", "--db", db, "com.acme.net.ClientTest::testCall");
        assertThat(test.exit()).as(test.err()).isZero();
        assertThat(test.out())
                .contains("Failure modes")
                .contains("stacktrace-v3:")
                .contains("java.util.concurrent.TimeoutException: waited <dur> for pod-<n>");
        Cli testJson = Cli.run("test", "--db", db, "--format", "json", "com.acme.net.ClientTest::testCall");
        assertThat(testJson.exit()).as(testJson.err()).isZero();
        JsonNode modes = JSON.readTree(testJson.out()).get("failure_modes");
        assertThat(modes).hasSize(1);
        assertThat(modes.get(0).get("cluster").asText()).startsWith("stacktrace-v3:");
        assertThat(modes.get(0).get("failures").asInt()).isEqualTo(3);
        assertThat(modes.get(0).get("site").asText()).isEqualTo("com.acme.net.Client.await");
        assertThat(modes.get(0).get("flake_share").asDouble()).isEqualTo(1.0);
        Path model = dir.resolve("m.json");
        Cli learn = Cli.run("learn", "--db", db, "--model", model.toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        // the three runs and the old nightly one
        assertThat(learn.out()).contains("learned 8 failures from the store (4 flaky, 4 not");
    }
}
