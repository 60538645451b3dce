package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.Main;
import io.flakelens.app.SurefireXml;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code flakelens upload} against a real server, through crashes and lost replies, on DuckDB and PostgreSQL. */
class UploadCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TESTS = 5_000;

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void uploadsOnceAndARepeatIsSkipped(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        Path token = token(db);
        Path run = CiHistory.run(dir, "r1", true, false, false);
        Files.writeString(run.resolve(".hidden.xml"), "not a report and never sent");
        try (FlakelensServer s =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, false, 10L << 20, Duration.ZERO))) {
            String url = "http://127.0.0.1:" + s.port();
            Cli first = Cli.run(
                    "upload",
                    run.toString(),
                    "--server",
                    url,
                    "--token-file",
                    token.toString(),
                    "--run",
                    "build-7",
                    "--job",
                    "unit",
                    "--builder",
                    "linux",
                    "--revision",
                    "abc");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("in 1 try: 3 results stored; 2 files ingested, 0 skipped");
            assertThat(first.out()).contains("reports.zip!/" + run.toString().replaceFirst("^/", "") + "/TEST-");
            Cli again = Cli.run(
                    "upload",
                    run.toString(),
                    "--server",
                    url,
                    "--token-file",
                    token.toString(),
                    "--run",
                    "build-7",
                    "--job",
                    "unit",
                    "--format",
                    "json");
            assertThat(again.exit()).isZero();
            assertThat(JSON.readTree(again.out()).path("files").findValuesAsText("status"))
                    .containsOnly("skipped");

            Cli noToken = Cli.run("upload", run.toString(), "--server", url, "--run", "x");
            assertThat(noToken.exit()).isEqualTo(1);
            assertThat(noToken.err()).contains("401", "FLAKELENS_TOKEN");
            Files.writeString(run.resolve("junk.xml"), "<testsuite><testcase name=");
            Cli partly =
                    Cli.run("upload", run.toString(), "--server", url, "--token-file", token.toString(), "--run", "y");
            assertThat(partly.exit()).isEqualTo(2);
            assertThat(partly.err()).contains("rejected", "junk.xml:1:");
            Cli gated = Cli.run(
                    "upload",
                    run.toString(),
                    "--server",
                    url,
                    "--token-file",
                    token.toString(),
                    "--run",
                    "z",
                    "--gate",
                    "--format",
                    "json");
            // the junk file is unreadable to the gate too
            assertThat(gated.exit()).isEqualTo(2);
        }
        assertThat(stored(db, "build-7")).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aServerKilledMidUploadIsRetriedUntilTheRestartedServerStoresItOnce(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        Path token = token(db);
        Path report = bigReport();
        AtomicReference<Process> server = new AtomicReference<>(serve(db));
        try (Relay relay = new Relay(port(server.get()), Relay.Fault.CUT_REQUEST, 8 * 1024, () -> {
            // kill -9 while the body is on its way, then bring a new server up on the same store
            server.get().destroyForcibly();
            try {
                server.get().waitFor(20, TimeUnit.SECONDS);
                server.set(serve(db));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return port(server.get());
        })) {
            Cli up = Cli.run(
                    "upload",
                    report.toString(),
                    "--server",
                    "http://127.0.0.1:" + relay.port(),
                    "--token-file",
                    token.toString(),
                    "--run",
                    "big-1",
                    "--job",
                    "unit",
                    "--retries",
                    "8",
                    "--retry-wait",
                    "0.25s");
            assertThat(relay.faulted()).isTrue();
            assertThat(up.exit()).as(up.out() + up.err()).isZero();
            assertThat(up.err()).contains("try 2 of 9");
            assertThat(up.out()).containsPattern("in [2-9] tries: " + TESTS + " results stored; 1 files ingested");
        } finally {
            server.get().destroy();
            server.get().waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(stored(db, "big-1")).isEqualTo(TESTS);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLostReplyIsRetriedAndTheServerSaysSkipped(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        Path token = token(db);
        Path report = bigReport();
        try (FlakelensServer s =
                        FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, false, 50L << 20, Duration.ZERO));
                Relay relay = new Relay(s.port(), Relay.Fault.LOSE_REPLY, 0, () -> 0)) {
            Cli up = Cli.run(
                    "upload",
                    report.toString(),
                    "--server",
                    "http://127.0.0.1:" + relay.port(),
                    "--token-file",
                    token.toString(),
                    "--run",
                    "big-2",
                    "--retries",
                    "3",
                    "--retry-wait",
                    "0.1s");
            assertThat(relay.faulted()).isTrue();
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(up.out()).contains("in 2 tries: 0 results stored; 0 files ingested, 1 skipped (already stored)");
        }
        assertThat(stored(db, "big-2")).isEqualTo(TESTS);
    }

    private Path bigReport() throws Exception {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < TESTS; i++) {
            cases.add(
                    i % 100 == 7
                            ? CiHistory.failure("com.acme.BigTest", "case" + i, "BigTest.java", i)
                            : SurefireXml.pass("com.acme.BigTest", "case" + i));
        }
        return Files.writeString(
                dir.resolve("TEST-big.xml"), SurefireXml.report("com.acme.BigTest", cases.toArray(String[]::new)));
    }

    private Path token(String db) throws Exception {
        Cli t = Cli.run("token", "create", "--name", "ci-" + System.nanoTime(), "--db", db);
        assertThat(t.exit()).isZero();
        return Files.writeString(
                dir.resolve("token-" + System.nanoTime()), t.out().strip());
    }

    private static long stored(String db, String run) throws Exception {
        try (Database d = Database.open(db);
                Statement s = d.connection().createStatement();
                ResultSet rs = s.executeQuery("select count(*) from result r join run u on u.id = r.run_id"
                        + " where u.external_id = '" + run + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final java.util.Map<Long, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Process serve(String db) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve",
                        "--db",
                        db,
                        "--port",
                        "0",
                        "--detect-every",
                        "0",
                        "--max-upload-mb",
                        "50")
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                PORTS.put(p.pid(), Integer.parseInt(m.group(1)));
                break;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty so the server never blocks on its own log
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        if (!PORTS.containsKey(p.pid())) {
            throw new IllegalStateException("serve did not start");
        }
        return p;
    }

    private static int port(Process p) {
        return PORTS.get(p.pid());
    }
}
