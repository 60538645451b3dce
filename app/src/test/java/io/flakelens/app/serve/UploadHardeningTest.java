package io.flakelens.app.serve;

import static io.flakelens.app.SurefireXml.pass;
import static io.flakelens.app.SurefireXml.report;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.app.EscapedMessage;
import io.flakelens.app.ingest.ExpansionLimits;
import io.flakelens.store.TestStores;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The upload API and the read API at their edges, on DuckDB and PostgreSQL. */
class UploadHardeningTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private static final String XUNIT_CRLF =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<assemblies><assembly name=\"a.dll\">"
                    + "<collection name=\"c\"><test name=\"T.M\" type=\"T\" method=\"M\" result=\"Fail\"><failure><message>"
                    + "Assert.Equal() Failure&#xD;&#xA;Expected: 3</message></failure></test></collection></assembly></assemblies>\n";

    @ParameterizedTest
    @MethodSource("stores")
    void carriageReturnsInMetadataAndReportsAreStoredAsSent(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            RunningServer.Reply r = s.upload(new Multipart()
                    .field("run", "b1\r")
                    .field("job", "unit\r\nwin")
                    .field("builder", "windows\r")
                    .file("reports", "a.xml", XUNIT_CRLF));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode run = s.get("/api/v1/runs?since=all").json().get(0);
            assertThat(run.get("run").asText()).isEqualTo("b1\r");
            assertThat(run.get("job").asText()).isEqualTo("unit\r\nwin");
            assertThat(run.get("builder").asText()).isEqualTo("windows\r");
            String message = s.server.store().with(db -> {
                try (Statement st = db.connection().createStatement();
                        var rs = st.executeQuery("select message from failure")) {
                    rs.next();
                    return rs.getString(1);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(message).isEqualTo("Assert.Equal() Failure\r\nExpected: 3");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void metadataIsCheckedFieldByField(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            String xml = report("com.A", pass("com.A", "one"));
            record Bad(String metadata, String parameter, String says) {}
            for (Bad b : List.of(
                    new Bad("{\"run\":[\"a\",\"b\"]}", "run", "must be a string, not an array"),
                    new Bad("{\"run\":\"1\",\"job\":{\"x\":1}}", "job", "must be a string, not an object"),
                    new Bad("{\"run\":\"1\",\"jbo\":\"unit\"}", "jbo", "not a run field; the fields are run, source"),
                    new Bad("{\"run\":\"1\",\"reports\":[\"a.xml\"]}", "reports", "file parts"),
                    new Bad("{\"run\":\"1\",\"attempt\":1.5}", "attempt", "a whole number"),
                    new Bad("{\"run\":\"1\",\"merged\":\"maybe\"}", "merged", "true or false"),
                    new Bad("{\"run\":\"1\",\"rerun\":7}", "rerun", "true or false"),
                    new Bad("{\"run\":\"1\",\"rerun\":true}", "rerun", "needs the revision"),
                    new Bad("{\"run\":\"1\",\"duration_ms\":-3}", "duration_ms", "from 0"),
                    new Bad(
                            "{\"run\":\"1\",\"started\":\"+999999999-12-31T00:00:00Z\"}",
                            "started",
                            "between 1970 and 9999"),
                    new Bad("{\"run\":\"1\",\"started_at\":99999999999999}", "started_at", "between 1970 and 9999"),
                    new Bad(
                            "{\"run\":\"1\",\"started\":\"2026-01-01T00:00:00Z\",\"started_at\":\"2026-01-01T00:00:00Z\"}",
                            "started_at",
                            "once"),
                    new Bad(
                            "{\"run\":\"1\",\"job\":\"unit\\u0000\"}",
                            "job",
                            "holds a NUL character (U+0000) at character 5"),
                    new Bad("{\"run\":\"a\\u0000\"}", "run", "holds a NUL character"))) {
                RunningServer.Reply r =
                        s.upload(new Multipart().field("metadata", b.metadata()).file("reports", "TEST-a.xml", xml));
                assertThat(r.status()).as(b.metadata() + " -> " + r.body()).isEqualTo(400);
                assertThat(r.json().get("parameter").asText()).as(b.metadata()).isEqualTo(b.parameter());
                assertThat(r.json().get("error").asText()).as(b.metadata()).contains(b.says());
            }
            RunningServer.Reply twice =
                    s.upload(new Multipart().field("run", "a").field("run", "b").file("reports", "TEST-a.xml", xml));
            assertThat(twice.status()).isEqualTo(400);
            assertThat(twice.json().get("parameter").asText()).isEqualTo("run");
            assertThat(s.get("/api/v1/runs?since=all").json()).isEmpty();

            // the manifest's own names are taken: started_at is the run's start, not the upload's time
            RunningServer.Reply ok = s.upload(new Multipart()
                    .field(
                            "metadata",
                            "{\"run\":12,\"job\":\"unit\",\"started_at\":\"2026-11-20T10:00:00+01:00\",\"duration_ms\":1500,"
                                    + "\"merged\":true,\"attempt\":2}")
                    .file("reports", "TEST-a.xml", xml));
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            JsonNode run = s.get("/api/v1/runs?since=all").json().get(0);
            assertThat(run.get("run").asText()).isEqualTo("12");
            assertThat(run.get("started_at").asText()).isEqualTo("2026-11-20T09:00:00Z");
            assertThat(run.get("attempt").asInt()).isEqualTo(2);
            RunningServer.Reply epoch = s.upload(new Multipart()
                    .field("metadata", "{\"run\":\"13\",\"started_at\":1795000000}")
                    .file("reports", "TEST-a.xml", xml));
            assertThat(epoch.status()).as(epoch.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReportWithANulIsRefusedByName(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            RunningServer.Reply r = s.upload(ServerTest.run("b1", "r1")
                    .file(
                            "reports",
                            "go.json",
                            "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestA\\u0000\"}\n"
                                    + "{\"Action\":\"fail\",\"Package\":\"p\",\"Test\":\"TestA\\u0000\"}\n"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("files").get(0).get("error").asText())
                    .isEqualTo(
                            "go.json: test \"p::TestA\\u0000\": its name holds a NUL character (U+0000) at character 6,"
                                    + " which no store can keep");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void windowsBeyondTheEpochMeanAllAndLimitZeroMeansEveryRun(String store) throws Exception {
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            for (int i = 0; i < 3; i++) {
                assertThat(s.upload(ServerTest.run("b" + i, "r1")
                                        .file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one"))))
                                .status())
                        .isEqualTo(200);
            }
            assertThat(s.get("/api/v1/runs?since=all&limit=0").json()).hasSize(3);
            assertThat(s.get("/api/v1/runs?since=all&limit=2").json()).hasSize(2);
            for (String since :
                    List.of("1479955d", "108213310d", "9999999999999999999d", "123456789012345678901234567890w")) {
                assertThat(s.get("/api/v1/runs?since=" + since).json())
                        .as(since)
                        .hasSize(3);
                for (String path :
                        List.of("/api/v1/flakes", "/api/v1/jobs", "/api/v1/quarantine", "/", "/jobs", "/runs")) {
                    RunningServer.Reply r = s.get(path + "?since=" + since);
                    assertThat(r.status())
                            .as(path + "?since=" + since + ": " + r.body())
                            .isEqualTo(200);
                }
            }
            RunningServer.Reply future = s.get("/api/v1/runs?since=%2B999999999-12-31T00:00:00Z");
            assertThat(future.status()).isEqualTo(200);
            assertThat(future.json()).isEmpty();
            RunningServer.Reply words = s.get("/api/v1/runs?since=yesterday-ish");
            assertThat(words.status()).isEqualTo(400);
            assertThat(words.json().get("parameter").asText()).isEqualTo("since");
        }
    }

    /** About 2 MB of well-formed XML in a zip of some kilobytes. */
    private static byte[] bombZip() throws Exception {
        StringBuilder sb = new StringBuilder("<testsuite name=\"S\">\n");
        for (int i = 0; i < 45_000; i++) {
            sb.append("<testcase classname=\"S\" name=\"t\" time=\"0\"/>\n");
        }
        sb.append("</testsuite>\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("TEST-bomb.xml"));
            z.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("com.acme.Bomb.txt"));
            z.write("Tests run: 45000".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return b.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anUploadThatExpandsPastTheLimitsIs413AndStoresNothing(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        byte[] zip = bombZip();
        // a server that takes 1 MB uploads: the zip is far below it, what it expands to is not
        try (RunningServer s = RunningServer.start(db, false, 1024 * 1024)) {
            RunningServer.Reply r = s.upload(ServerTest.run("b1", "r1")
                    .file("reports", "reports.zip", zip)
                    .file("reports", "TEST-ok.xml", report("com.A", pass("com.A", "ok"))));
            assertThat(r.status()).as(r.body()).isEqualTo(413);
            assertThat(r.json().get("error").asText())
                    .startsWith("reports.zip!/TEST-bomb.xml: expands to more than 100 times its compressed size")
                    .contains("--max-expansion-ratio")
                    .doesNotContain("flakelens-upload");
            assertThat(s.get("/api/v1/runs?since=all").json()).isEmpty();
        }
        ServerConfig raised = new ServerConfig(
                "127.0.0.1",
                0,
                db,
                false,
                1024 * 1024,
                Duration.ZERO,
                Duration.ZERO,
                null,
                ExpansionLimits.ofMegabytes(1, 1_000));
        try (RunningServer s = RunningServer.start(db, raised)) {
            RunningServer.Reply r = s.upload(ServerTest.run("b1", "r1").file("reports", "reports.zip", zip));
            assertThat(r.status()).as(r.body()).isEqualTo(413);
            assertThat(r.json().get("error").asText()).contains("more than 1 MB (--max-expanded-mb 1)");
        }
        ServerConfig roomy = new ServerConfig(
                "127.0.0.1",
                0,
                db,
                false,
                1024 * 1024,
                Duration.ZERO,
                Duration.ZERO,
                null,
                ExpansionLimits.ofMegabytes(10, 1_000));
        try (RunningServer s = RunningServer.start(db, roomy)) {
            RunningServer.Reply r = s.upload(ServerTest.run("b1", "r1").file("reports", "reports.zip", zip));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            // Surefire's summary beside the report in the zip is counted, not rejected
            assertThat(r.json().get("ignored").asInt()).isEqualTo(1);
            assertThat(r.json().get("files")).hasSize(1);
            assertThat(r.json().get("results").asInt()).isEqualTo(45_000);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aServerErrorNamesAnIncidentNeverItsInternalsAndItsLogLineIsOneLine(String store) throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        root.addAppender(seen);
        try (RunningServer s = RunningServer.start(TestStores.fresh(store, dir))) {
            // break the store under the server: the next upload's commit fails inside the database
            s.server.store().with(db -> {
                try (Statement st = db.connection().createStatement()) {
                    st.execute("alter table report rename to report_gone");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            RunningServer.Reply r = s.upload(ServerTest.run("b1\r\nFAKE 00:00:00.000 ERROR forged", "r1")
                    .file("reports", "TEST-a.xml", report("com.A", pass("com.A", "one"))));
            assertThat(r.status()).isEqualTo(500);
            String error = r.json().get("error").asText();
            assertThat(error).matches("internal error; the server's log says more under incident [0-9a-f]{12}");
            assertThat(r.body())
                    .doesNotContain("/tmp")
                    .doesNotContain("flakelens-ingest")
                    .doesNotContain("read_csv")
                    .doesNotContain("report")
                    .doesNotContain(".csv");
            String incident = error.substring(error.length() - 12);
            ILoggingEvent logged = seen.list.stream()
                    .filter(e -> e.getFormattedMessage().contains(incident))
                    .findFirst()
                    .orElseThrow();
            assertThat(logged.getFormattedMessage()).contains("POST /api/v1/runs failed, incident " + incident);
            assertThat(EscapedMessage.escape(logged.getFormattedMessage()))
                    .doesNotContain("\r")
                    .doesNotContain("\n");
        } finally {
            root.detachAppender(seen);
        }
    }
}
