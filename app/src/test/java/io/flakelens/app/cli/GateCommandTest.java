package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.store.ApiTokens;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code flakelens gate} against the store and against a real server over it, on DuckDB and PostgreSQL. */
class GateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aKnownFlakePassesANewFailureAndABrokenTestDoNot(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        CiHistory.ingest(db, dir);

        Path flakeOnly = CiHistory.run(dir, "now-1", true, false, false);
        Cli pass = Cli.run("gate", flakeOnly.toString(), "--db", db);
        assertThat(pass.exit()).as(pass.out() + pass.err()).isZero();
        assertThat(pass.out())
                .contains("known-flake", CiHistory.FLAKY, "same-code", "flakelens gate passed: 1 failure");

        Path withNew = CiHistory.run(dir, "now-2", true, true, false);
        Cli fail = Cli.run("gate", withNew.toString(), "--db", db, "--format", "json");
        assertThat(fail.exit()).isEqualTo(1);
        JsonNode doc = JSON.readTree(fail.out());
        assertThat(doc.path("passed").asBoolean()).isFalse();
        assertThat(verdicts(doc))
                .containsExactly(CiHistory.FLAKY + " known-flake true", CiHistory.STABLE + " new false");

        // Known flaky before, but every run of the two latest main-line revisions failed it.
        Path broken = CiHistory.run(dir, "now-3", false, false, true);
        Cli onMain = Cli.run("gate", broken.toString(), "--db", db);
        assertThat(onMain.exit()).isEqualTo(1);
        assertThat(onMain.out()).contains("failing-on-main", "latest 2 revisions");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aServerGivesTheSameVerdictsAsTheStore(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        CiHistory.ingest(db, dir);
        Path run = CiHistory.run(dir, "now", true, true, true);
        Cli local = Cli.run("gate", run.toString(), "--db", db, "--format", "json");
        assertThat(local.exit()).isEqualTo(1);
        String token;
        try (Database d = Database.open(db)) {
            token = new ApiTokens(d).create("gate-" + System.nanoTime());
        }
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        try (FlakelensServer s =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, true, 10L << 20, Duration.ZERO))) {
            String url = "http://127.0.0.1:" + s.port();
            Cli remote = Cli.run(
                    "gate", run.toString(), "--server", url, "--token-file", tokenFile.toString(), "--format", "json");
            assertThat(remote.exit()).as(remote.err()).isEqualTo(1);
            assertThat(JSON.readTree(remote.out()).path("judged"))
                    .isEqualTo(JSON.readTree(local.out()).path("judged"));
            assertThat(verdicts(JSON.readTree(remote.out())))
                    .containsExactly(
                            CiHistory.FLAKY + " known-flake true",
                            CiHistory.STABLE + " new false",
                            CiHistory.BROKEN + " failing-on-main false");

            // --private: the evidence is a read, and reads need the token there.
            Cli anonymous = Cli.run("gate", run.toString(), "--server", url);
            assertThat(anonymous.exit()).isEqualTo(1);
            assertThat(anonymous.err()).contains("401", "FLAKELENS_TOKEN");
        }
    }

    @Test
    void anUnreachableServerFailsClosedUnlessToldToPass() throws Exception {
        Path run = CiHistory.run(dir, "now", true, false, false);
        Path summary = dir.resolve("summary.md");
        Cli closed = Cli.run(
                "gate",
                run.toString(),
                "--server",
                "http://127.0.0.1:1",
                "--retries",
                "1",
                "--retry-wait",
                "0.01s",
                "--summary",
                "github",
                "--step-summary",
                summary.toString());
        assertThat(closed.exit()).isEqualTo(1);
        assertThat(closed.err()).contains("cannot reach the server", "failing closed", "try 2 of 2");
        assertThat(closed.out()).contains("::error title=Flakelens gate::");
        assertThat(Files.readString(summary)).contains("Flakelens gate: failed", "could not be reached");
        Cli open = Cli.run(
                "gate", run.toString(), "--server", "http://127.0.0.1:1", "--retries", "0", "--on-unreachable", "pass");
        assertThat(open.exit()).isZero();
        assertThat(open.err()).contains("passing the gate unchecked");
    }

    @Test
    void githubSummaryAnnotationsAndJunitVerdicts() throws Exception {
        String db = TestStores.fresh("duckdb", dir);
        CiHistory.ingest(db, dir);
        Path checkout = Files.createDirectories(dir.resolve("checkout/src/test/java/com/acme"));
        Files.writeString(checkout.resolve("CartTest.java"), "class CartTest {}\n");
        Path run = CiHistory.run(dir, "now", true, true, false);
        Path summary = dir.resolve("summary.md");
        Path junit = dir.resolve("out/gate.xml");
        Cli c = Cli.run(
                "gate",
                run.toString(),
                "--db",
                db,
                "--summary",
                "github",
                "--step-summary",
                summary.toString(),
                "--junit-out",
                junit.toString(),
                "--source-root",
                dir.resolve("checkout").toString());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.out())
                .contains("::warning file=src/test/java/com/acme/CartTest.java,line=41,title=Flakelens%3A let"
                        + " through%2C known-flake com.acme.CartTest%3A%3Acheckout::flaky: same-code, 2 occurrences in 10 runs"
                        + " (flake rate 20.0%25), score 2%0Aexpected 3 but was 2");
        assertThat(c.out()).contains("::error file=src/test/java/com/acme/CartTest.java,line=57,");
        String md = Files.readString(summary);
        assertThat(md)
                .contains(
                        "### Flakelens gate: failed",
                        "| **FAIL** | `" + CiHistory.STABLE + "` | new |",
                        "| pass | `" + CiHistory.FLAKY + "` | known-flake |");
        // appended, never overwritten: other steps write there too
        Cli again = Cli.run(
                "gate", run.toString(), "--db", db, "--summary", "github", "--step-summary", summary.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(Files.readString(summary)).startsWith(md).hasSizeGreaterThan(md.length());
        String xml = Files.readString(junit);
        assertThat(xml)
                .contains(
                        "<testsuite name=\"flakelens-gate\" tests=\"2\" failures=\"1\" skipped=\"1\"",
                        "name=\"checkout\" file=\"com/acme/CartTest.java\" line=\"41\"><skipped message=\"known-flake: flaky:",
                        "name=\"total\" file=\"com/acme/CartTest.java\" line=\"57\"><failure type=\"new\"");
    }

    @Test
    void thePolicyDecidesAndABadPolicyOrReportIsExitTwo() throws Exception {
        String db = TestStores.fresh("duckdb", dir);
        CiHistory.ingest(db, dir);
        Path run = CiHistory.run(dir, "now", true, false, false);
        Path strict = Files.writeString(
                dir.resolve("strict.yaml"), "# only presubmit evidence counts\nkinds: [false-rejection]\n");
        Cli c = Cli.run("gate", run.toString(), "--db", db, "--policy", strict.toString());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.out()).contains("the policy needs 2 occurrences of false-rejection");
        Path none = Files.writeString(dir.resolve("none.yaml"), "max_let_through: 0\n");
        assertThat(Cli.run("gate", run.toString(), "--db", db, "--policy", none.toString())
                        .out())
                .contains("more than the policy's 0");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "min_occurrences: 2\nmin_scor: 3\n");
        Cli badPolicy = Cli.run("gate", run.toString(), "--db", db, "--policy", bad.toString());
        assertThat(badPolicy.exit()).isEqualTo(2);
        assertThat(badPolicy.err()).contains(bad + ":2: min_scor: unknown key");
        Path badValue = Files.writeString(dir.resolve("value.yaml"), "max_fail_rate: lots\n");
        assertThat(Cli.run("gate", run.toString(), "--db", db, "--policy", badValue.toString())
                        .err())
                .contains(badValue + ":1: max_fail_rate: \"lots\" is not a number");

        Path broken = Files.writeString(run.resolve("TEST-broken.xml"), "<testsuite>\n<testcase name=\"x\">\n<fail");
        Cli unreadable = Cli.run("gate", run.toString(), "--db", db);
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.err()).contains(broken + ":3:");
    }

    private static List<String> verdicts(JsonNode doc) {
        return java.util.stream.StreamSupport.stream(doc.path("judged").spliterator(), false)
                .map(j -> j.path("id").asText() + " " + j.path("finding").asText() + " "
                        + j.path("let_through").asBoolean())
                .toList();
    }
}
