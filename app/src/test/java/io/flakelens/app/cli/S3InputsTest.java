package io.flakelens.app.cli;

import static io.flakelens.app.SurefireXml.fail;
import static io.flakelens.app.SurefireXml.flaky;
import static io.flakelens.app.SurefireXml.pass;
import static io.flakelens.app.SurefireXml.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.s3.S3Settings;
import io.flakelens.app.s3.S3TestServer;
import io.flakelens.store.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest}, {@code learn}, {@code cluster} and {@code predict} with {@code s3://} names, against
 * a real S3 server in process: the command line's own client, configured by {@code --s3-endpoint},
 * with only the keys put in by the test.
 */
class S3InputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        server.bucket("ci-reports");
        server.bucket("cockpit");
        server.bucket("models");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Cli run(String... args) {
        return run(server.withKeys(), args);
    }

    /** The command with {@code --s3-endpoint} pointing at the test server. */
    private static Cli run(UnaryOperator<S3Settings> keys, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--s3-endpoint");
        all.add(2, server.endpoint().toString());
        return Cli.run(keys, all.toArray(String[]::new));
    }

    private static void put(String bucket, String key, String text) {
        server.put(bucket, key, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static Map<String, JsonNode> byPath(JsonNode files) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        files.forEach(f -> m.put(f.get("path").asText(), f));
        return m;
    }

    @Test
    void ingestsEveryReportUnderAPrefixPageByPageAndRejectsTheBadObjectAlone() throws Exception {
        put(
                "ci-reports",
                "build-1/TEST-a.xml",
                report("com.A", pass("com.A", "one"), fail("com.A", "two"), flaky("com.A", "three")));
        server.put("ci-reports", "build-1/TEST-b.xml.gz", gzip(report("com.B", pass("com.B", "one"))));
        put("ci-reports", "build-1/nested/TEST-c.xml", report("com.C", pass("com.C", "one"), pass("com.C", "two")));
        put("ci-reports", "build-1/truncated.xml", "<testsuite>\n<testcase name=\"x\">\n<fail");
        byte[] cut = gzip(report("com.D", pass("com.D", "one")));
        server.put("ci-reports", "build-1/cut.xml.gz", java.util.Arrays.copyOf(cut, cut.length / 2));
        put("ci-reports", "build-1/summary.txt", "Tests run: 6");
        put("ci-reports", "build-1/.cache/TEST-hidden.xml", report("com.H", pass("com.H", "one")));
        put("ci-reports", "build-10/TEST-other.xml", report("com.O", pass("com.O", "one")));
        String db = TestStores.fresh("duckdb", dir);
        // two keys a page: the listing takes several requests
        UnaryOperator<S3Settings> smallPages = s -> server.withKeys().apply(s).withPageSize(2);

        Cli r = run(
                smallPages,
                "ingest",
                "--db",
                db,
                "--job",
                "unit",
                "--run",
                "build-1",
                "--format",
                "json",
                "s3://ci-reports/build-1");

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("runs").asLong()).isEqualTo(1);
        assertThat(doc.get("results").asLong()).isEqualTo(4 + 1 + 2);
        Map<String, JsonNode> files = byPath(doc.get("files"));
        // the hidden folder and the other build's prefix (build-10, not under build-1/) are not read
        assertThat(files.keySet())
                .containsExactlyInAnyOrder(
                        "s3://ci-reports/build-1/TEST-a.xml",
                        "s3://ci-reports/build-1/TEST-b.xml.gz",
                        "s3://ci-reports/build-1/nested/TEST-c.xml",
                        "s3://ci-reports/build-1/truncated.xml",
                        "s3://ci-reports/build-1/cut.xml.gz");
        // summary.txt, beside the reports, is passed over as no report and only counted
        assertThat(doc.get("ignored").asInt()).isEqualTo(1);
        assertThat(files.get("s3://ci-reports/build-1/TEST-a.xml").get("status").asText())
                .isEqualTo("ingested");
        assertThat(files.get("s3://ci-reports/build-1/TEST-a.xml").get("flaky").asInt())
                .isEqualTo(1);
        assertThat(files.get("s3://ci-reports/build-1/TEST-b.xml.gz")
                        .get("status")
                        .asText())
                .isEqualTo("ingested");

        JsonNode bad = files.get("s3://ci-reports/build-1/truncated.xml");
        assertThat(bad.get("status").asText()).isEqualTo("rejected");
        assertThat(bad.get("error").asText()).matches("s3://ci-reports/build-1/truncated\\.xml:3:\\d+: .*");
        assertThat(files.get("s3://ci-reports/build-1/cut.xml.gz").get("status").asText())
                .isEqualTo("rejected");
        assertThat(r.err())
                .contains("rejected s3://ci-reports/build-1/cut.xml.gz")
                .contains("rejected s3://ci-reports/build-1/truncated.xml:3:")
                .doesNotContain("\tat ");

        // the same objects again: already stored
        Cli again =
                run("ingest", "--db", db, "--run", "build-1", "--format", "json", "s3://ci-reports/build-1/TEST-a.xml");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(JSON.readTree(again.out()).get("files").get(0).get("status").asText())
                .isEqualTo("skipped");
        JsonNode runs = JSON.readTree(Cli.run("runs", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("tests").asInt()).isEqualTo(6);
    }

    @Test
    void ingestsAZipObjectWithoutARunIdAndLeavesNoCopyBehind() throws Exception {
        server.put(
                "ci-reports",
                "zips/reports.zip",
                zip(Map.of(
                        "TEST-a.xml", report("com.Z", pass("com.Z", "one")),
                        "nested/TEST-b.xml", report("com.Z2", fail("com.Z2", "two")))));
        String db = TestStores.fresh("duckdb", dir);
        Set<Path> before = spooled();

        Cli r = run("ingest", "--db", db, "--job", "zipped", "--format", "json", "s3://ci-reports/zips/reports.zip");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("results").asLong()).isEqualTo(2);
        assertThat(byPath(doc.get("files")).keySet())
                .containsExactly(
                        "s3://ci-reports/zips/reports.zip!/TEST-a.xml",
                        "s3://ci-reports/zips/reports.zip!/nested/TEST-b.xml");
        assertThat(spooled()).isEqualTo(before);
        // no run id: it is derived from the reports, so the same zip finds the same run
        Cli again =
                run("ingest", "--db", db, "--job", "zipped", "--format", "json", "s3://ci-reports/zips/reports.zip");
        assertThat(JSON.readTree(again.out()).get("results").asLong()).isZero();
    }

    private static Set<Path> spooled() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("flakelens-s3-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void aManifestInTheBucketNamesItsReportsRelativeToItsKey() throws Exception {
        put("ci-reports", "nightly/r1/TEST-a.xml", report("com.M", fail("com.M", "t")));
        put("ci-reports", "nightly/r2/TEST-a.xml", report("com.M", pass("com.M", "t")));
        put("ci-reports", "shared/TEST-s.xml", report("com.S", pass("com.S", "t")));
        put(
                "ci-reports",
                "nightly/runs.jsonl",
                String.join(
                        "\n",
                        "{\"run\":\"r1\",\"job\":\"unit\",\"builder\":\"linux\",\"revision\":\"abc\",\"reports\":[\"r1/TEST-a.xml\",\"../shared/TEST-s.xml\"]}",
                        "{not json",
                        "{\"run\":\"r2\",\"job\":\"unit\",\"builder\":\"linux\",\"revision\":\"abc\",\"reports\":\"r2\"}",
                        "{\"run\":\"r3\",\"job\":\"unit\",\"reports\":[\"r3/TEST-none.xml\"]}",
                        ""));
        String db = TestStores.fresh("duckdb", dir);

        Cli r = run("ingest", "--db", db, "--manifest", "s3://ci-reports/nightly/runs.jsonl", "--format", "json");

        assertThat(r.exit()).isEqualTo(2);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("runs").asInt()).isEqualTo(2);
        assertThat(doc.get("results").asInt()).isEqualTo(3);
        Map<String, JsonNode> files = byPath(doc.get("files"));
        assertThat(files.get("s3://ci-reports/shared/TEST-s.xml").get("status").asText())
                .isEqualTo("ingested");
        assertThat(files.get("s3://ci-reports/nightly/r2/TEST-a.xml")
                        .get("status")
                        .asText())
                .isEqualTo("ingested");
        assertThat(r.err())
                .contains("s3://ci-reports/nightly/runs.jsonl:2: ")
                .contains("s3://ci-reports/nightly/r3/TEST-none.xml: no such object, and no object under"
                        + " s3://ci-reports/nightly/r3/TEST-none.xml/");
        JsonNode flakes = JSON.readTree(Cli.run("flakes", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(flakes).hasSize(1);
        assertThat(flakes.get(0).get("id").asText()).isEqualTo("com.M::t");

        // a local manifest may name reports in the store
        Path local = Files.writeString(
                dir.resolve("local-runs.jsonl"),
                "{\"run\":\"r4\",\"job\":\"unit\",\"reports\":[\"s3://ci-reports/shared/TEST-s.xml\"]}\n");
        Cli fromLocal = run("ingest", "--db", db, "--manifest", local.toString(), "--format", "json");
        assertThat(fromLocal.exit()).as(fromLocal.err()).isZero();
        assertThat(JSON.readTree(fromLocal.out()).get("results").asInt()).isEqualTo(1);
    }

    @Test
    void whatCannotBeReadIsNamedWithItsCauseAndTheRestLands() throws Exception {
        put("ci-reports", "good/TEST-g.xml", report("com.G", pass("com.G", "one")));
        String db = TestStores.fresh("duckdb", dir);

        Cli missing = run(
                "ingest",
                "--db",
                db,
                "--run",
                "g",
                "--format",
                "json",
                "s3://ci-reports/good/TEST-g.xml",
                "s3://ci-reports/nope.xml",
                "s3://no-such-bucket/reports/");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(JSON.readTree(missing.out()).get("results").asInt()).isEqualTo(1);
        assertThat(missing.err())
                .contains("s3://ci-reports/nope.xml: no such object, and no object under s3://ci-reports/nope.xml/")
                .contains("s3://no-such-bucket/reports/: no such bucket no-such-bucket")
                .doesNotContain("\tat ");

        Cli wrongSecret = run(
                s -> s.withCredentials(S3TestServer.keys(S3TestServer.ACCESS_KEY, "wrong")),
                "ingest",
                "--db",
                db,
                "--run",
                "h",
                "s3://ci-reports/good/");
        assertThat(wrongSecret.exit()).isEqualTo(2);
        assertThat(wrongSecret.err())
                .contains("s3://ci-reports/good/: the store refused the request's signature (SignatureDoesNotMatch)");

        Cli noManifest = run("ingest", "--db", db, "--manifest", "s3://ci-reports/none.jsonl");
        assertThat(noManifest.exit()).isEqualTo(2);
        assertThat(noManifest.err()).contains("--manifest s3://ci-reports/none.jsonl: no such object");
        Cli deniedManifest = run(
                s -> s.withCredentials(S3TestServer.keys("nobody", "nothing")),
                "ingest",
                "--db",
                db,
                "--manifest",
                "s3://ci-reports/nightly/runs.jsonl");
        assertThat(deniedManifest.exit()).isEqualTo(1);
        assertThat(deniedManifest.err())
                .contains("--manifest s3://ci-reports/nightly/runs.jsonl: ")
                .contains("AWS_ACCESS_KEY_ID");

        Cli noBucketName = run("ingest", "--db", db, "s3:///reports");
        assertThat(noBucketName.exit()).isEqualTo(2);
        assertThat(noBucketName.err()).contains("s3:///reports: no bucket");
        Cli badEndpoint = Cli.run("ingest", "--db", db, "--s3-endpoint", "minio:9000", "s3://ci-reports/good/");
        assertThat(badEndpoint.exit()).isEqualTo(2);
        assertThat(badEndpoint.err()).contains("S3 endpoint minio:9000: expected http://host:port");
    }

    /** Cockpit's records as its workflow leaves them: one zip of JSON records, the failure text in "log". */
    private static byte[] cockpitZip() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> r : ClusterCommandTest.sample()) {
            Map<String, Object> m = new HashMap<>(r);
            m.put("log", m.remove("text"));
            lines.append(JSON.writeValueAsString(m)).append('\n');
        }
        return zip(Map.of("failures.jsonl", lines.toString()));
    }

    @Test
    void learnsAndClustersFromACockpitZipInTheBucketAndKeepsTheModelThere() throws Exception {
        byte[] cockpit = cockpitZip();
        server.put("cockpit", "2026-12/failures.zip", cockpit);
        Path localZip = Files.write(dir.resolve("failures.zip"), cockpit);

        Cli learn = run("learn", "--input", "s3://cockpit/2026-12/failures.zip", "--model", "s3://models/flake.model");
        assertThat(learn.exit()).as(learn.err()).isZero();
        assertThat(learn.out())
                .contains("learned 9 failures from s3://cockpit/2026-12/failures.zip (4 flaky, 4 not, 1 unlabelled")
                .contains("into s3://models/flake.model");
        Path local = dir.resolve("local.model");
        assertThat(Cli.run("learn", "--input", localZip.toString(), "--model", local.toString(), "--check-folds", "0")
                        .exit())
                .isZero();
        assertThat(server.get("models", "flake.model")).isEqualTo(Files.readAllBytes(local));

        Path query = Files.writeString(
                dir.resolve("new.jsonl"),
                JSON.writeValueAsString(Map.of("id", "q1", "text", ClusterCommandTest.timeout(9))) + "\n");
        Cli predict = run("predict", "--model", "s3://models/flake.model", "--input", query.toString());
        assertThat(predict.exit()).as(predict.err()).isZero();
        assertThat(JSON.readTree(predict.out()).get("flake_probability").asDouble())
                .isGreaterThan(0.7);

        Path remoteOut = dir.resolve("remote.jsonl");
        Path localOut = dir.resolve("local.jsonl");
        Cli cluster = run("cluster", "--input", "s3://cockpit/2026-12/", "--out", remoteOut.toString());
        assertThat(cluster.exit()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("9 failures in 3 clusters");
        assertThat(Cli.run("cluster", "--input", localZip.toString(), "--out", localOut.toString())
                        .exit())
                .isZero();
        assertThat(Files.readAllLines(remoteOut)).isEqualTo(Files.readAllLines(localOut));

        Cli noBucket = run("learn", "--input", localZip.toString(), "--model", "s3://no-models/flake.model");
        assertThat(noBucket.exit()).isEqualTo(1);
        assertThat(noBucket.err()).contains("--model s3://no-models/flake.model: no such bucket no-models");
        Cli noModel = run("predict", "--model", "s3://models/none.model", "--input", query.toString());
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("--model s3://models/none.model: no such object");
    }
}
