package io.flakelens.app.cli;

import static io.flakelens.app.SurefireXml.pass;
import static io.flakelens.app.SurefireXml.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Windows CI, real report folders and hostile archives send to {@code flakelens ingest}: carriage
 * returns and NULs in any text, Surefire's and Gradle's companion files, archives that expand without
 * end, bytes that are not what they claim.
 */
class IngestHardeningTest {
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

    private static String text(String db, String sql, Object... args) throws SQLException {
        try (Database d = Database.open(db);
                PreparedStatement ps = d.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** xUnit.net on Windows: CR LF in every multi-line message, as character references. */
    private static final String XUNIT_CRLF =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<assemblies><assembly name=\"a.dll\">"
                    + "<collection name=\"c\"><test name=\"T.M\" type=\"T\" method=\"M\" result=\"Fail\"><failure><message>"
                    + "Assert.Equal() Failure&#xD;&#xA;Expected: 3&#xD;&#xA;Actual:   4</message></failure></test>"
                    + "<test name=\"T.N&#xD;\" type=\"T\" method=\"N\" result=\"Pass\"/></collection></assembly></assemblies>\n";

    @ParameterizedTest
    @MethodSource("stores")
    void aManifestWhoseFirstRunCarriesCarriageReturnsStoresEveryRunExactly(String store) throws Exception {
        write("m/r1/a.xml", XUNIT_CRLF);
        write("m/r2/TEST-b.xml", report("com.B", pass("com.B", "ok")));
        Path manifest = write(
                "m/runs.jsonl",
                String.join(
                        "\n",
                        "{\"run\":\"r1\\r\",\"job\":\"unit\\r\\nwin\",\"builder\":\"windows\\r\",\"reports\":[\"r1/a.xml\"]}",
                        "{\"run\":\"r2\",\"job\":\"unit\",\"builder\":\"linux\",\"reports\":[\"r2/TEST-b.xml\"]}",
                        ""));
        String db = TestStores.fresh(store, dir);
        Cli r = Cli.run("ingest", "--db", db, "--manifest", manifest.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("runs").asInt()).isEqualTo(2);
        assertThat(doc.get("results").asInt()).isEqualTo(3);
        assertThat(text(db, "select job from run where external_id = ?", "r1\r"))
                .isEqualTo("unit\r\nwin");
        assertThat(text(db, "select builder from run where external_id = ?", "r1\r"))
                .isEqualTo("windows\r");
        assertThat(text(db, "select message from failure"))
                .isEqualTo("Assert.Equal() Failure\r\nExpected: 3\r\nActual:   4");
        assertThat(text(db, "select count(*) from test where name = ?", "N\r")).isEqualTo("1");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aNulIsRefusedByNameNeverDroppedAndTheRestLands(String store) throws Exception {
        write("m/r1/TEST-a.xml", report("com.A", pass("com.A", "one")));
        write("m/r2/TEST-a.xml", report("com.A", pass("com.A", "one")));
        write(
                "m/r3/go.json",
                "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestA\\u0000\"}\n"
                        + "{\"Action\":\"pass\",\"Package\":\"p\",\"Test\":\"TestA\\u0000\"}\n"
                        + "{\"Action\":\"pass\",\"Package\":\"p\"}\n");
        write("m/r3/TEST-c.xml", report("com.C", pass("com.C", "fine")));
        Path manifest = write(
                "m/runs.jsonl",
                String.join(
                        "\n",
                        "{\"run\":\"a\\u0000\",\"job\":\"unit\",\"reports\":[\"r1/TEST-a.xml\"]}",
                        "{\"run\":\"a\",\"job\":\"unit\",\"reports\":[\"r2/TEST-a.xml\"]}",
                        "{\"run\":\"b\",\"job\":\"unit\",\"reports\":[\"r3/go.json\", \"r3/TEST-c.xml\"]}",
                        ""));
        String db = TestStores.fresh(store, dir);
        Cli r = Cli.run("ingest", "--db", db, "--manifest", manifest.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("runs.jsonl:1: the run's id holds a NUL character (U+0000) at character 2")
                .contains("go.json: test \"p::TestA\\u0000\": its name holds a NUL character (U+0000) at character 6");
        // "a\0" did not become "a": run a has its own report, stored once
        assertThat(text(db, "select count(*) from run")).isEqualTo("2");
        assertThat(text(db, "select count(*) from report")).isEqualTo("2");
        assertThat(text(db, "select string_agg(name, ',' order by name) from test"))
                .isEqualTo("fine,one");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void surefiresAndGradlesCompanionsArePassedOverAndCounted(String store) throws Exception {
        Path surefire = dir.resolve("target/surefire-reports");
        write(
                "target/surefire-reports/TEST-com.acme.FooTest.xml",
                report("com.acme.FooTest", pass("com.acme.FooTest", "a")));
        write(
                "target/surefire-reports/com.acme.FooTest.txt",
                "-------------------------------------------------------\n"
                        + "Test set: com.acme.FooTest\n-------------------------------------------------------\n"
                        + "Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.01 s -- in com.acme.FooTest\n");
        write("target/surefire-reports/com.acme.FooTest-output.txt", "some stdout\n");
        write(
                "target/surefire-reports/failsafe-summary.xml",
                "<?xml version=\"1.0\"?>\n<failsafe-summary result=\"0\"/>\n");
        write(
                "target/surefire-reports/2026-12-06T10-00-00_123-jvmRun1.dumpstream",
                "# Created at 2026\nCorrupted channel\n");
        Path gradle = dir.resolve("build/test-results/test");
        write(
                "build/test-results/test/TEST-com.acme.BarTest.xml",
                report("com.acme.BarTest", pass("com.acme.BarTest", "b")));
        write("build/test-results/test/binary/output.bin", "");
        write("build/test-results/test/binary/output.bin.idx", "");
        Files.write(gradle.resolve("binary/results.bin"), new byte[] {0, 0, 0, 3, 1, 2, (byte) 0xff, 0});
        write("build/test-results/test/.pytest_cache/v/cache/lastfailed", "{}");
        String db = TestStores.fresh(store, dir);

        Cli r = Cli.run(
                "ingest",
                "--db",
                db,
                "--job",
                "unit",
                "--run",
                "1",
                "--format",
                "json",
                surefire.toString(),
                gradle.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("ignored").asInt()).isEqualTo(7);
        assertThat(doc.get("files"))
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.get("status").asText()).isEqualTo("ingested"));
        assertThat(r.err()).isEmpty();

        // on a terminal (the table format): one quiet line, and the same exit code
        Cli table = Cli.run("ingest", "--db", db, "--job", "unit", "--run", "2", surefire.toString());
        assertThat(table.exit()).isZero();
        assertThat(table.out())
                .contains("4 files beside the reports passed over, not test reports")
                .doesNotContain("FooTest.txt  ");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void namedNonReportsBrokenReportsAndFoldersWithoutReportsAreStillRefused(String store) throws Exception {
        Path txt = write("s/com.acme.FooTest.txt", "Tests run: 1, Failures: 0\n");
        write("s/TEST-com.acme.FooTest.xml", report("com.acme.FooTest", pass("com.acme.FooTest", "a")));
        write("broken/TEST-cut.xml", "<testsuite name=\"S\">\n<testcase name=\"x\">\n<fail");
        write("broken/cut.txt", "beside it");
        write("nothing/a.txt", "no report here");
        write("nothing/binary/output.bin", "");
        Files.createDirectories(dir.resolve("void"));
        String db = TestStores.fresh(store, dir);

        Cli named = Cli.run("ingest", "--db", db, "--run", "1", txt.toString());
        assertThat(named.exit()).isEqualTo(2);
        assertThat(named.err()).contains("com.acme.FooTest.txt:1:1: not a known report format");

        Cli broken = Cli.run(
                "ingest",
                "--db",
                db,
                "--run",
                "2",
                "--format",
                "json",
                dir.resolve("broken").toString());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("TEST-cut.xml:3:");
        assertThat(JSON.readTree(broken.out()).get("ignored").asInt()).isEqualTo(1);

        Cli none = Cli.run(
                "ingest",
                "--db",
                db,
                "--run",
                "3",
                dir.resolve("nothing").toString(),
                dir.resolve("void").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err())
                .contains("nothing: no test report in it (2 files, none a report)")
                .contains("void: no test report in it (no files)");

        // a zip of companions only is no better
        Path zip = dir.resolve("companions.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("a.txt"));
            z.write("text".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Cli zipped = Cli.run("ingest", "--db", db, "--run", "4", zip.toString());
        assertThat(zipped.exit()).isEqualTo(2);
        assertThat(zipped.err()).contains("companions.zip: no test report in it (1 file, none a report)");
    }

    /** Many well-formed test cases: text that compresses far better than any real report. */
    private static byte[] repetitiveReport(int cases) {
        StringBuilder sb = new StringBuilder("<testsuite name=\"S\">\n");
        for (int i = 0; i < cases; i++) {
            sb.append("<testcase classname=\"S\" name=\"t\" time=\"0\"/>\n");
        }
        return sb.append("</testsuite>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path gzip(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(p))) {
            gz.write(content);
        }
        return p;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void archivesThatExpandPastTheLimitsAreRefusedWholeUnlessTheLimitIsRaised(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        // about 2 MB of XML in some 10 KB: a ratio of about 200
        Path bomb = gzip("in/bomb.xml.gz", repetitiveReport(45_000));
        Path good = dir.resolve("in/TEST-ok.xml");
        Files.writeString(good, report("com.A", pass("com.A", "ok")));

        Cli refused = Cli.run("ingest", "--db", db, "--run", "1", good.toString(), bomb.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .contains("bomb.xml.gz: expands to more than 100 times its compressed size")
                .contains("--max-expansion-ratio 100")
                .contains("nothing of this upload was stored");
        assertThat(text(db, "select count(*) from run")).isEqualTo("0");

        Cli total = Cli.run(
                "ingest",
                "--db",
                db,
                "--run",
                "1",
                "--max-expansion-ratio",
                "1000",
                "--max-expanded-mb",
                "1",
                good.toString(),
                bomb.toString());
        assertThat(total.exit()).isEqualTo(2);
        assertThat(total.err()).contains("expand to more than 1 MB (--max-expanded-mb 1)");
        assertThat(text(db, "select count(*) from run")).isEqualTo("0");

        Cli raised = Cli.run(
                "ingest", "--db", db, "--run", "1", "--max-expansion-ratio", "1000", good.toString(), bomb.toString());
        assertThat(raised.exit()).as(raised.err()).isZero();
        assertThat(text(db, "select count(*) from result")).isEqualTo("45001");

        // a zip entry counts the same way
        Path zip = dir.resolve("in/bomb.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("TEST-bomb.xml"));
            z.write(repetitiveReport(45_000));
            z.closeEntry();
        }
        Cli zipped = Cli.run("ingest", "--db", db, "--run", "2", zip.toString());
        assertThat(zipped.exit()).isEqualTo(2);
        assertThat(zipped.err()).contains("bomb.zip!/TEST-bomb.xml: expands to more than 100 times");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badBytesEmptyFilesAndCutGzipAreRejectedWithTheirPlace(String store) throws Exception {
        Path bad = dir.resolve("r/bad.xml");
        Files.createDirectories(bad.getParent());
        Files.write(
                bad,
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"s\">\n"
                                + "<testcase classname=\"a\" name=\"caf")
                        .getBytes(StandardCharsets.UTF_8));
        Files.write(bad, new byte[] {(byte) 0xE9, '"', '/', '>', '\n'}, java.nio.file.StandardOpenOption.APPEND);
        Files.write(bad, "</testsuite>\n".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        Path empty = write("r/empty.xml", "");
        Path full = gzip("r/full.xml.gz", repetitiveReport(3_000));
        Path cut = dir.resolve("r/cut.xml.gz");
        byte[] whole = Files.readAllBytes(full);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        String db = TestStores.fresh(store, dir);

        Cli r = Cli.run("ingest", "--db", db, "--run", "1", bad.toString(), empty.toString(), cut.toString());
        assertThat(r.exit()).isEqualTo(2);
        int column = "<testcase classname=\"a\" name=\"caf".length() + 1;
        assertThat(r.err())
                .contains("bad.xml:3:" + column + ": not valid UTF-8: a bad byte sequence starting with 0xE9")
                .contains("empty.xml:1:1: empty file")
                .containsPattern("cut\\.xml\\.gz:\\d+:\\d+: the compressed data ends early or is corrupt");
    }

    @Test
    void aKilledIngestsSpoolFolderIsCleanedByTheNextIngest() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        // what kill -9 leaves: a spool folder whose lock died with its process
        Path stale = Files.createTempDirectory(tmp, "flakelens-ingest");
        Files.writeString(stale.resolve("owner.lock"), "999999999\n");
        Files.writeString(stale.resolve("result.csv"), "1,2,3\n");
        // The first ingest of a process cleans; this JVM may have ingested already, so clean in a new one.
        Path a = write("r/TEST-a.xml", report("com.A", pass("com.A", "one")));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.flakelens.app.Main",
                        "ingest",
                        "--db",
                        dir.resolve("t.db").toString(),
                        a.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(stale).doesNotExist();
    }

    @Test
    void aDatabaseHeldByARunningIngestSaysSo() throws Exception {
        Path db = dir.resolve("held.db");
        Path a = write("r/TEST-a.xml", report("com.A", pass("com.A", "one")));
        assertThat(Cli.run("ingest", "--db", db.toString(), a.toString()).exit())
                .isZero();
        // an ingest that holds the store while it waits for its input: a named pipe nobody writes yet
        Path fifo = dir.resolve("slow.xml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).isTrue();
        Process ingest = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.flakelens.app.Main",
                        "ingest",
                        "--db",
                        db.toString(),
                        fifo.toString())
                .redirectErrorStream(true)
                .start();
        try {
            // wait until it has the store open (its file among the process's open files), never racing it
            Path fds = Path.of("/proc", String.valueOf(ingest.pid()), "fd");
            boolean open = false;
            for (int i = 0; i < 300 && !open && ingest.isAlive(); i++) {
                try (var links = Files.list(fds)) {
                    open = links.anyMatch(l -> {
                        try {
                            return Files.readSymbolicLink(l).equals(db.toAbsolutePath());
                        } catch (IOException e) {
                            return false;
                        }
                    });
                }
                if (!open) {
                    Thread.sleep(100);
                }
            }
            assertThat(open).as("the ingest opened the store").isTrue();
            Cli r = Cli.run("flakes", "--db", db.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err())
                    .contains("in use by another process")
                    .contains("a running 'flakelens ingest', pid " + ingest.pid() + ", holds it")
                    .contains("Wait for it to finish")
                    .doesNotContain("'flakelens serve'");
        } finally {
            ingest.destroyForcibly();
            ingest.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void runsLimitZeroListsEveryRunAndSpansBeyondTheEpochMeanAll(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path a = write("r" + i + "/TEST-a.xml", report("com.A", pass("com.A", "one")));
            assertThat(Cli.run("ingest", "--db", db, "--run", "run-" + i, a.toString())
                            .exit())
                    .isZero();
            ids.add("run-" + i);
        }
        assertThat(JSON.readTree(Cli.run("runs", "--db", db, "--limit", "0", "--format", "json")
                        .out()))
                .hasSize(3);
        assertThat(JSON.readTree(Cli.run("runs", "--db", db, "--limit", "1", "--format", "json")
                        .out()))
                .hasSize(1);
        assertThat(Cli.run("runs", "--db", db, "--limit", "-1").exit()).isEqualTo(2);
        for (String since : List.of("1479955d", "108213310d", "9999999999999999999d", "99999999999999999999999w")) {
            Cli r = Cli.run("runs", "--db", db, "--since", since, "--format", "json");
            assertThat(r.exit()).as(since + ": " + r.err()).isZero();
            assertThat(JSON.readTree(r.out())).as(since).hasSize(3);
            assertThat(Cli.run("flakes", "--db", db, "--since", since).exit())
                    .as(since)
                    .isZero();
        }
        Cli future = Cli.run("runs", "--db", db, "--since", "+999999999-12-31T00:00:00Z", "--format", "json");
        assertThat(future.exit()).as(future.err()).isZero();
        assertThat(JSON.readTree(future.out())).isEmpty();
    }
}
