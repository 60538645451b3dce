package io.flakelens.app.serve;

import static io.flakelens.app.SurefireXml.fail;
import static io.flakelens.app.SurefireXml.pass;
import static io.flakelens.app.SurefireXml.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.app.cli.FlakelensCommand;
import io.flakelens.store.TestStores;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real server on a loopback port, called over HTTP, on DuckDB and PostgreSQL. */
class ServerTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static final String MALFORMED = "<testsuite>\n<testcase name=\"x\">\n<fail";

    static Multipart run(String id, String revision) {
        return run(id, revision, "2026-11-27T10:00:00Z");
    }

    static Multipart run(String id, String revision, String started) {
        return new Multipart()
                .field("run", id)
                .field("job", "unit")
                .field("builder", "linux")
                .field("revision", revision)
                .field("started", started);
    }

    private static long storedTests(RunningServer s) throws Exception {
        long n = 0;
        for (JsonNode r : s.get("/api/v1/runs?since=all").json()) {
            n += r.get("tests").asLong();
        }
        return n;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void uploadsWithoutAValidTokenAre401AndStoreNothing(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            Multipart form = run("b1", "r1").file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one")));
            RunningServer.Reply none = s.upload(form, null);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.json().get("error").asText()).contains("Bearer");
            RunningServer.Reply wrong = s.upload(form, s.token + "x");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain(s.token);
            assertThat(s.get("/api/v1/runs?since=all").json()).isEmpty();
            assertThat(s.get("/metrics").body()).contains("flakelens_uploads_total 0");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void tokensNeverReachTheLog(String store) throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        root.addAppender(seen);
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            Multipart form = run("b1", "r1").file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one")));
            assertThat(s.upload(form).status()).isEqualTo(200);
            assertThat(s.upload(form, "guess-" + s.token).status()).isEqualTo(401);
            assertThat(s.upload(new Multipart().field("run", "x"), s.token).status())
                    .isEqualTo(400);
            s.close();
            for (ch.qos.logback.classic.spi.ILoggingEvent e : seen.list) {
                assertThat(e.getFormattedMessage()).doesNotContain(s.token);
            }
        } finally {
            root.detachAppender(seen);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aGoodAndAMalformedFileLandTheGoodOneAndAReUploadIsSkipped(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            Multipart form = run("b1", "r1")
                    .file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one"), fail("com.A", "two")))
                    .file("reports", "bad.xml", MALFORMED);
            RunningServer.Reply first = s.upload(form);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            JsonNode doc = first.json();
            assertThat(doc.get("runs").asLong()).isEqualTo(1);
            assertThat(doc.get("results").asLong()).isEqualTo(2);
            assertThat(doc.get("files")).hasSize(2);
            JsonNode good = doc.get("files").get(0);
            JsonNode bad = doc.get("files").get(1);
            assertThat(good.get("path").asText()).isEqualTo("TEST-a.xml");
            assertThat(good.get("status").asText()).isEqualTo("ingested");
            assertThat(bad.get("status").asText()).isEqualTo("rejected");
            assertThat(bad.get("error").asText()).startsWith("bad.xml:3:").doesNotContain("flakelens-upload");
            assertThat(storedTests(s)).isEqualTo(2);

            RunningServer.Reply again = s.upload(form);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("results").asLong()).isZero();
            assertThat(again.json().get("files").get(0).get("status").asText()).isEqualTo("skipped");
            assertThat(storedTests(s)).isEqualTo(2);

            RunningServer.Reply allBad = s.upload(run("b2", "r1").file("reports", "bad.xml", MALFORMED));
            assertThat(allBad.status()).isEqualTo(400);
            assertThat(allBad.json().get("files").get(0).get("status").asText()).isEqualTo("rejected");

            String metrics = s.get("/metrics").body();
            assertThat(metrics)
                    .contains(
                            "flakelens_uploads_total 3",
                            "flakelens_results_ingested_total 2",
                            "flakelens_files_rejected_total 3",
                            "# TYPE flakelens_detection_pending gauge",
                            "flakelens_detection_passes_total ",
                            "flakelens_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/runs\",status=\"2xx\"} 2");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void metadataMayComeAsAJsonPart(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            RunningServer.Reply r = s.upload(new Multipart()
                    .field("metadata", "{\"run\": \"m1\", \"job\": \"e2e\", \"builder\": \"mac\", \"attempt\": 2}")
                    .file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one"))));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode run = s.get("/api/v1/runs?since=all").json().get(0);
            assertThat(run.get("run").asText()).isEqualTo("m1");
            assertThat(run.get("job").asText()).isEqualTo("e2e");
            assertThat(run.get("attempt").asInt()).isEqualTo(2);

            RunningServer.Reply bad = s.upload(run("m2", "r1")
                    .field("attempt", "two")
                    .file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one"))));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("parameter").asText()).isEqualTo("attempt");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aZipIsExpandedAndOddTestNamesResolve(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(zip)) {
                z.putNextEntry(new java.util.zip.ZipEntry("nested/TEST-p.xml"));
                z.write(report("com.P", pass("com.P", "sum [1, 2]"), fail("com.P", "sum [3, 4]"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                z.closeEntry();
            }
            RunningServer.Reply r = s.upload(run("z1", "r1").file("reports", "reports.zip", zip.toByteArray()));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("results").asLong()).isEqualTo(2);
            String id = java.net.URLEncoder.encode("com.P::sum [3, 4]", java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            RunningServer.Reply t = s.get("/api/v1/tests/" + id);
            assertThat(t.status()).as(t.body()).isEqualTo(200);
            assertThat(t.json().get("name").asText()).isEqualTo("sum [3, 4]");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aGzippedPartAndAPartTooLargeToBeHeldInMemoryAreStored(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
                z.write(report("com.G", pass("com.G", "zipped"), fail("com.G", "broken"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            // the container keeps parts up to 64 KB in memory and larger ones in files of its own
            String[] cases = new String[3_000];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = pass("com.Large", "case" + i);
            }
            byte[] large = report("com.Large", cases).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(large.length).isGreaterThan(64 * 1024);
            RunningServer.Reply r = s.upload(run("g1", "r1")
                    .file("reports", "TEST-g.xml.gz", gz.toByteArray())
                    .file("reports", "TEST-large.xml", large));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("results").asLong()).isEqualTo(2 + 3_000);
            assertThat(r.json().get("files").findValuesAsText("path"))
                    .containsExactlyInAnyOrder("TEST-g.xml.gz", "TEST-large.xml");
            assertThat(r.json().get("files").findValuesAsText("status")).containsOnly("ingested");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anOversizeUploadIs413(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir), false, 1024 * 1024)) {
            byte[] big = new byte[2 * 1024 * 1024];
            java.util.Arrays.fill(big, (byte) 'a');
            RunningServer.Reply r = s.upload(run("big", "r1").file("reports", "big.xml", big));
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.json().get("error").asText()).contains("limit");
            // Without a Content-Length (chunked), the container's multipart limit stops it instead.
            Multipart form = run("big", "r1").file("reports", "big.xml", big);
            byte[] body = form.bytes();
            HttpResponse<String> chunked = s.client.send(
                    HttpRequest.newBuilder(s.uri("/api/v1/runs"))
                            .header("Authorization", "Bearer " + s.token)
                            .header("Content-Type", form.contentType())
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
            assertThat(s.get("/api/v1/runs?since=all").json()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void flakesAreWhatTheCliPrints(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        JsonNode api;
        try (RunningServer s = RunningServer.start(db)) {
            String cls = "com.acme.OrderTest";
            assertThat(s.upload(run("b1", "r1", "2026-11-27T10:00:00Z")
                                    .file(
                                            "reports",
                                            "TEST-o.xml",
                                            report(cls, fail(cls, "create"), pass(cls, "cancel"))))
                            .status())
                    .isEqualTo(200);
            assertThat(s.upload(run("b2", "r1", "2026-11-27T11:00:00Z")
                                    .file(
                                            "reports",
                                            "TEST-o.xml",
                                            report(cls, pass(cls, "create"), pass(cls, "cancel"))))
                            .status())
                    .isEqualTo(200);
            RunningServer.Reply flakes = s.get("/api/v1/flakes?since=all");
            assertThat(flakes.status()).isEqualTo(200);
            api = flakes.json();
            assertThat(api).hasSize(1);
            assertThat(api.get(0).get("id").asText()).isEqualTo(cls + "::create");
            assertThat(api.get(0).get("kinds").toString()).contains("same-code");
            assertThat(s.get("/api/v1/flakes?since=all&builder=mac").json()).isEmpty();

            RunningServer.Reply test = s.get("/api/v1/tests/" + cls + "::create");
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.json().get("runs")).hasSize(2);
            RunningServer.Reply missing = s.get("/api/v1/tests/com.acme.Nope::never");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().get("error").asText()).contains("com.acme.Nope::never");

            JsonNode jobs = s.get("/api/v1/jobs?since=all").json();
            assertThat(jobs).hasSize(1);
            assertThat(jobs.get(0).get("job").asText()).isEqualTo("unit");
            assertThat(jobs.get(0).get("runs").asLong()).isEqualTo(2);
            assertThat(jobs.get(0).get("failed_runs").asLong()).isEqualTo(1);
            assertThat(jobs.get(0).get("flaky_runs").asLong()).isEqualTo(1);
        }
        // The server let go of the store: the CLI answers the same question with the same JSON.
        StringWriter out = new StringWriter();
        int code = FlakelensCommand.run(
                new String[] {"flakes", "--db", db, "--since", "all", "--format", "json"},
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        assertThat(RunningServer.JSON.readTree(out.toString())).isEqualTo(api);

        // once the failures are clustered, the test's failure modes are in its API answer and on its page
        assertThat(FlakelensCommand.run(
                        new String[] {"cluster", "--db", db},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(new StringWriter(), true)))
                .isZero();
        try (RunningServer s = RunningServer.start(db)) {
            JsonNode modes =
                    s.get("/api/v1/tests/com.acme.OrderTest::create").json().get("failure_modes");
            assertThat(modes).hasSize(1);
            assertThat(modes.get(0).get("failures").asInt()).isEqualTo(1);
            String cluster = modes.get(0).get("cluster").asText();
            assertThat(cluster).startsWith("stacktrace-v3:");
            RunningServer.Reply page = s.get("/tests/com.acme.OrderTest::create");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<h2>Failure modes</h2>", "id=\"modes\"", cluster);
            assertThat(s.get("/api/v1/tests/com.acme.OrderTest::cancel").json().get("failure_modes"))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badParametersAre400NamingTheParameter(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            for (String path :
                    List.of("/api/v1/flakes?since=yesterday", "/api/v1/runs?since=x", "/api/v1/jobs?since=1y")) {
                RunningServer.Reply r = s.get(path);
                assertThat(r.status()).as(path).isEqualTo(400);
                assertThat(r.json().get("parameter").asText()).isEqualTo("since");
                assertThat(r.json().get("error").asText()).contains("14d");
            }
            RunningServer.Reply nowhere = s.get("/api/v1/nowhere");
            assertThat(nowhere.status()).isEqualTo(404);
            assertThat(nowhere.json().get("error").asText()).isNotBlank();
            RunningServer.Reply limit = s.get("/api/v1/flakes?limit=-3");
            assertThat(limit.status()).isEqualTo(400);
            assertThat(limit.json().get("parameter").asText()).isEqualTo("limit");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void openApiHealthAndPrivateReads(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir), true, 1024 * 1024)) {
            RunningServer.Reply health = s.get("/healthz");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("ok");
            assertThat(health.json().get("db").asText()).isEqualTo(store);

            RunningServer.Reply openapi = s.get("/api/v1/openapi.json");
            assertThat(openapi.status()).isEqualTo(200);
            JsonNode doc = openapi.json();
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            List<String> paths = new ArrayList<>();
            doc.get("paths").fieldNames().forEachRemaining(paths::add);
            assertThat(paths)
                    .contains(
                            "/api/v1/runs",
                            "/api/v1/flakes",
                            "/api/v1/tests/{id}",
                            "/api/v1/jobs",
                            "/healthz",
                            "/metrics");

            assertThat(s.get("/api/v1/flakes").status()).isEqualTo(401);
            assertThat(s.get("/api/v1/runs", "nope").status()).isEqualTo(401);
            assertThat(s.get("/api/v1/flakes", s.token).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPrivateDashboardSignsInWithATokenKeptInAnHttpOnlyCookie(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir), true, 1024 * 1024)) {
            HttpResponse<String> page =
                    send(s, HttpRequest.newBuilder(s.uri("/runs?since=all")).GET());
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).contains("/login?next=%2Fruns%3Fsince%3Dall");
            assertThat(send(s, HttpRequest.newBuilder(s.uri("/login")).GET()).body())
                    .contains("name=\"token\"");

            HttpResponse<String> wrong = send(s, form(s, "token=nope&next=%2Fruns"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(wrong.body()).contains("not valid");

            // A sign-in never sends the browser to another host.
            HttpResponse<String> ok = send(s, form(s, "token=" + s.token + "&next=%2F%2Fevil.example%2F"));
            assertThat(ok.statusCode()).isEqualTo(303);
            assertThat(ok.headers().firstValue("Location")).hasValue("/");
            String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie)
                    .startsWith(Auth.COOKIE + "=")
                    .containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Strict");
            String pair = cookie.substring(0, cookie.indexOf(';'));

            assertThat(send(
                                    s,
                                    HttpRequest.newBuilder(s.uri("/runs"))
                                            .header("Cookie", pair)
                                            .GET())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(
                                    s,
                                    HttpRequest.newBuilder(s.uri("/api/v1/flakes"))
                                            .header("Cookie", pair)
                                            .GET())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(
                                    s,
                                    HttpRequest.newBuilder(s.uri("/api/v1/flakes"))
                                            .header("Cookie", Auth.COOKIE + "=x")
                                            .GET())
                            .statusCode())
                    .isEqualTo(401);
            // Uploads take the header only: a cookie rides along on cross-site requests by itself.
            Multipart upload = run("b1", "r1").file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one")));
            HttpResponse<String> byCookie = send(
                    s,
                    HttpRequest.newBuilder(s.uri("/api/v1/runs"))
                            .header("Content-Type", upload.contentType())
                            .header("Cookie", pair)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(upload.bytes())));
            assertThat(byCookie.statusCode()).isEqualTo(401);
        }
    }

    private static HttpRequest.Builder form(RunningServer s, String body) {
        return HttpRequest.newBuilder(s.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(RunningServer s, HttpRequest.Builder b) throws Exception {
        return s.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
