package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code quarantine scan}, {@code history} and {@code suggest} through the real command line, over a
 * git repository built in the test with JGit: a marker added, another added, the first removed.
 */
class QuarantineCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private static String source(boolean muteA, boolean muteB) {
        return "import pytest\n\n"
                + (muteA
                        ? "@pytest.mark.xfailflake(\n    since='2026-11-01',\n    jira='DCOS-1', reason='races')\n"
                        : "")
                + "def test_a():\n    pass\n\n"
                + (muteB ? "@pytest.mark.flaky(reruns=2)  # WEB-2\n" : "")
                + "def test_b():\n    pass\n\n"
                + "def test_c():\n    pass\n";
    }

    /** Three commits a day apart: test_a muted; test_b muted too; test_a unmuted. {@code after} runs after each. */
    private List<RevCommit> history(Path repo, CheckedConsumer after) throws Exception {
        List<RevCommit> commits = new ArrayList<>();
        Files.createDirectories(repo.resolve("tests"));
        Files.writeString(repo.resolve("pytest.ini"), "[pytest]\n");
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            boolean[][] states = {{true, false}, {true, true}, {false, true}};
            for (int i = 0; i < states.length; i++) {
                Files.writeString(repo.resolve("tests/test_x.py"), source(states[i][0], states[i][1]));
                git.add().addFilepattern(".").call();
                PersonIdent who = new PersonIdent(
                        "Dev", "dev@example.com", Instant.parse("2026-11-0" + (i + 1) + "T09:00:00Z"), ZoneOffset.UTC);
                RevCommit c = git.commit()
                        .setMessage("step " + i)
                        .setAuthor(who)
                        .setCommitter(who)
                        .call();
                commits.add(c);
                after.accept(c);
            }
        }
        return commits;
    }

    private List<RevCommit> history(Path repo) throws Exception {
        return history(repo, c -> {});
    }

    interface CheckedConsumer {
        void accept(RevCommit c) throws Exception;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void storedScansOfSuccessiveCommitsGiveTheMutedAndUnmutedHistory(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        Path repo = dir.resolve("repo");
        List<RevCommit> commits = history(repo, c -> {
            Cli scan = Cli.run(
                    "quarantine",
                    "scan",
                    repo.toString(),
                    "--store",
                    "--db",
                    db,
                    "--repo-name",
                    "acme/app",
                    "--format",
                    "json");
            assertThat(scan.exit()).as(scan.err()).isZero();
            assertThat(scan.err())
                    .contains("stored the scan of acme/app main @ " + c.name().substring(0, 12));
        });
        // the same commit again, through --branch this time: nothing changes
        Cli again = Cli.run(
                "quarantine",
                "scan",
                repo.toString(),
                "--store",
                "--db",
                db,
                "--repo-name",
                "acme/app",
                "--branch",
                "main");
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("was stored before; nothing changed");

        Cli history = Cli.run("quarantine", "history", "--db", db, "--format", "json");
        assertThat(history.exit()).as(history.err()).isZero();
        List<String> spans = new ArrayList<>();
        for (JsonNode s : JSON.readTree(history.out())) {
            spans.add(
                    s.get("id").asText() + " " + s.get("muted_commit").asText().substring(0, 7) + " "
                            + s.get("muted_at").asText() + " -> "
                            + (s.get("unmuted_commit").isNull()
                                    ? "still muted"
                                    : s.get("unmuted_commit").asText().substring(0, 7) + " "
                                            + s.get("unmuted_at").asText()));
        }
        String c1 = commits.get(0).name().substring(0, 7);
        String c2 = commits.get(1).name().substring(0, 7);
        String c3 = commits.get(2).name().substring(0, 7);
        assertThat(spans)
                .containsExactly(
                        "tests.test_x::test_a " + c1 + " 2026-11-01T09:00:00Z -> " + c3 + " 2026-11-03T09:00:00Z",
                        "tests.test_x::test_b " + c2 + " 2026-11-02T09:00:00Z -> still muted");
    }

    @Test
    void aScanPrintsTheDcosDumpRedashAndTables() throws Exception {
        Path repo = dir.resolve("repo");
        history(repo);
        Cli json = Cli.run("quarantine", "scan", repo.toString(), "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode dump = JSON.readTree(json.out());
        assertThat(dump.get("timestamp").asText()).isNotEmpty();
        assertThat(dump.get("entries")).singleElement().satisfies(e -> {
            assertThat(e.get("id").asText()).isEqualTo("tests.test_x::test_b");
            assertThat(e.get("branch").asText()).isEqualTo("main");
            assertThat(e.get("commit").asText()).hasSize(40);
            assertThat(e.get("ticket").isNull()).isTrue();
            assertThat(e.get("scope").asText()).isEqualTo("test");
            assertThat(e.get("line").asInt()).isEqualTo(6);
        });
        JsonNode redash = JSON.readTree(Cli.run("quarantine", "scan", repo.toString(), "--format", "redash")
                .out());
        assertThat(redash.get("columns").get(0).toString())
                .isEqualTo("{\"name\":\"repo\",\"type\":\"string\",\"friendly_name\":\"Repository\"}");
        assertThat(redash.get("rows").get(0).get("name").asText()).isEqualTo("test_b");
        Cli csv = Cli.run("quarantine", "scan", repo.toString(), "--format", "csv");
        assertThat(csv.out())
                .startsWith("repo,branch,commit,file,line,language,suite,name,id,marker,ticket,reason,since,scope\r\n");
        Cli md = Cli.run("quarantine", "scan", repo.toString(), "--format", "md");
        assertThat(md.out()).contains("| tests.test_x::test_b |");
        Cli table = Cli.run("quarantine", "scan", repo.toString());
        assertThat(table.out())
                .contains(": 1 muted tests (1 entries) in 1 test files")
                .contains("tests/test_x.py:6");
    }

    @Test
    void aGitUrlIsClonedShallowIntoTheCacheAndScannedAtTheBranch() throws Exception {
        Path repo = dir.resolve("origin");
        List<RevCommit> commits = history(repo);
        Path cache = dir.resolve("cache");
        String url = repo.toUri().toString().replaceFirst("^file:/+", "file:///");
        Cli first =
                Cli.run("quarantine", "scan", url, "--branch", "main", "--cache", cache.toString(), "--format", "json");
        assertThat(first.exit()).as(first.err()).isZero();
        JsonNode e = JSON.readTree(first.out()).get("entries").get(0);
        assertThat(e.get("commit").asText()).isEqualTo(commits.get(2).name());
        assertThat(e.get("repo").asText()).isEqualTo(url);
        try (var list = Files.list(cache)) {
            Path clone = list.findFirst().orElseThrow();
            assertThat(clone.resolve("shallow")).as("a shallow clone").exists();
        }
        // a second scan fetches into the same cache
        Cli second =
                Cli.run("quarantine", "scan", url, "--branch", "main", "--cache", cache.toString(), "--format", "json");
        assertThat(second.exit()).as(second.err()).isZero();
        // without --branch: the remote's default branch, and only that branch is fetched
        try (Git git = Git.open(repo.toFile())) {
            git.branchCreate().setName("other").call();
        }
        Path cache2 = dir.resolve("cache2");
        Cli byDefault = Cli.run("quarantine", "scan", url, "--cache", cache2.toString(), "--format", "json");
        assertThat(byDefault.exit()).as(byDefault.err()).isZero();
        assertThat(JSON.readTree(byDefault.out())
                        .get("entries")
                        .get(0)
                        .get("branch")
                        .asText())
                .isEqualTo("main");
        try (var list = Files.list(cache2);
                Git clone = Git.open(list.findFirst().orElseThrow().toFile())) {
            assertThat(clone.getRepository().getRefDatabase().getRefsByPrefix("refs/heads/"))
                    .extracting(r -> r.getName())
                    .containsExactly("refs/heads/main");
        }
        Cli missing = Cli.run("quarantine", "scan", url, "--branch", "nope", "--cache", cache.toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("nope");
    }

    @Test
    void garbageMakesWarningsAndExitCodeTwoButTheListIsComplete() throws Exception {
        Path repo = dir.resolve("plain");
        Files.createDirectories(repo);
        Files.writeString(
                repo.resolve("test_ok.py"), "import pytest\n@pytest.mark.skip(reason='x')\ndef test_ok(): pass\n");
        Files.write(repo.resolve("test_bin.py"), new byte[] {0, 1, 2});
        Cli scan = Cli.run("quarantine", "scan", repo.toString(), "--format", "json");
        assertThat(scan.exit()).isEqualTo(2);
        assertThat(scan.err()).contains("flakelens: warning: test_bin.py: skipped: binary");
        assertThat(JSON.readTree(scan.out()).get("entries")).hasSize(1);
        Cli store = Cli.run(
                "quarantine",
                "scan",
                repo.toString(),
                "--store",
                "--db",
                dir.resolve("x.db").toString());
        assertThat(store.exit()).isEqualTo(2);
        assertThat(store.err()).contains("--store needs a commit");
    }

    private static String report(boolean cFlaky) {
        return "<?xml version=\"1.0\"?><testsuites><testsuite name=\"pytest\">"
                + "<testcase classname=\"tests.test_x\" name=\"test_a\" time=\"0.1\"/>"
                + "<testcase classname=\"tests.test_x\" name=\"test_b\" time=\"0.1\"/>"
                + (cFlaky
                        ? "<testcase classname=\"tests.test_x\" name=\"test_c\" time=\"0.1\"><failure message=\"boom\">x</failure></testcase>"
                        : "")
                + "<testcase classname=\"tests.test_x\" name=\"test_c\" time=\"0.1\"/>"
                + "</testsuite></testsuites>";
    }

    @ParameterizedTest
    @MethodSource("stores")
    void suggestJoinsIngestedReportsWithTheStoredScan(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        Path repo = dir.resolve("repo");
        history(repo);
        assertThat(Cli.run("quarantine", "scan", repo.toString(), "--store", "--db", db)
                        .exit())
                .isZero();
        for (int i = 1; i <= 3; i++) {
            Path xml = dir.resolve("report" + i + ".xml");
            Files.writeString(xml, report(i == 2));
            Cli in = Cli.run(
                    "ingest",
                    xml.toString(),
                    "--db",
                    db,
                    "--run",
                    "run-" + i,
                    "--job",
                    "unit",
                    "--builder",
                    "linux",
                    "--revision",
                    "rev" + i,
                    "--started",
                    "2026-11-2" + i + "T10:00:00Z");
            assertThat(in.exit()).as(in.err()).isZero();
        }
        Cli s = Cli.run("quarantine", "suggest", "--db", db, "--since", "all", "--min-runs", "3", "--format", "json");
        assertThat(s.exit()).as(s.err()).isZero();
        JsonNode got = JSON.readTree(s.out());
        assertThat(got.get("mute")).singleElement().satisfies(m -> {
            assertThat(m.get("id").asText()).isEqualTo("tests.test_x::test_c");
            assertThat(m.get("kinds").toString()).contains("retry");
            assertThat(m.get("runs").asInt()).isEqualTo(3);
        });
        assertThat(got.get("unmute")).singleElement().satisfies(u -> {
            assertThat(u.get("id").asText()).isEqualTo("tests.test_x::test_b");
            assertThat(u.get("why").asText()).isEqualTo("clean");
            assertThat(u.get("executed").asInt()).isEqualTo(3);
            assertThat(u.get("file").asText()).isEqualTo("tests/test_x.py");
        });
        Cli table = Cli.run("quarantine", "suggest", "--db", db, "--since", "all", "--min-runs", "3");
        assertThat(table.out()).contains("mute", "tests.test_x::test_c", "unmute", "tests.test_x::test_b", "clean");
    }
}
