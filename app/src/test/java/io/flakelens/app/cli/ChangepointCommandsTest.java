package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a test began flaking or failing, as {@code test}, {@code flakes}, {@code regressions} and
 * {@code rerun-plan} tell it, on both stores. The history: 60 main-line commits; {@code flaky}
 * starts failing then passing on retry in every other run from commit 30, {@code broken} fails
 * outright from commit 40, {@code fine} never fails.
 */
class ChangepointCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    String history(String store) {
        String db = TestStores.fresh(store, dir);
        try (Database d = Database.open(db)) {
            Scenario s = new Scenario(d);
            for (int i = 0; i < 60; i++) {
                for (int k = 0; k < 2; k++) {
                    s.post("r" + (100 + i), "linux")
                            .test("flaky", i >= 30 && (i + k) % 2 == 0 ? "FP" : "P")
                            .test("broken", i >= 40 ? "FF" : "P")
                            .test("fine", "P")
                            .passing(4);
                }
            }
            s.store();
        }
        return db;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_tests_history_is_cut_where_it_began_flaking(String store) throws Exception {
        String db = history(store);
        JsonNode t = JSON.readTree(Cli.run("test", "com.acme.Suite::flaky", "--db", db, "--format", "json")
                .out());
        JsonNode segments = t.get("segments").get(0).get("segments");
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).get("state").asText()).isEqualTo("stable");
        assertThat(segments.get(1).get("state").asText()).isEqualTo("flaky");
        assertThat(segments.get(1).get("first_revision").asText()).isEqualTo("r130");
        JsonNode began = segments.get(1).get("began");
        assertThat(began.get("after").asText().compareTo("r130")).isLessThan(0);
        assertThat(began.get("through").asText().compareTo("r130")).isGreaterThanOrEqualTo(0);
        assertThat(began.get("confidence").asDouble()).isGreaterThanOrEqualTo(0.99);

        String table = Cli.run("test", "com.acme.Suite::flaky", "--db", db).out();
        assertThat(table).contains("Main-line segments", "stable", "flaky");

        JsonNode flakes = JSON.readTree(Cli.run("flakes", "--db", db, "--since", "all", "--format", "json")
                .out());
        JsonNode flaky = null;
        for (JsonNode f : flakes) {
            if (f.get("name").asText().equals("flaky")) {
                flaky = f;
            }
        }
        assertThat(flaky).isNotNull();
        assertThat(flaky.get("since_revision").asText()).isEqualTo("r130");
        assertThat(flaky.get("suspect_range").get("through").asText()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_test_that_began_failing_outright_is_a_regression_not_a_flake(String store) throws Exception {
        String db = history(store);
        JsonNode r = JSON.readTree(Cli.run("regressions", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(r).hasSize(1);
        assertThat(r.get(0).get("name").asText()).isEqualTo("broken");
        assertThat(r.get(0).get("since").asText()).isEqualTo("r140");
        assertThat(r.get(0).get("before").asText()).isEqualTo("stable");
        JsonNode range = r.get(0).get("suspect_range");
        assertThat(range.get("after").asText()).isEqualTo("r139");
        assertThat(range.get("through").asText()).isEqualTo("r140");
        assertThat(range.get("commits").asInt()).isEqualTo(1);

        JsonNode plan = JSON.readTree(Cli.run("rerun-plan", "com.acme.Suite::broken", "--db", db, "--format", "json")
                .out());
        assertThat(plan.get("culprit").asText()).isEqualTo("r140");
        assertThat(plan.get("probes")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void the_rerun_plan_probes_inside_the_interval_until_one_commit_remains(String store) throws Exception {
        String db = history(store);
        JsonNode plan = JSON.readTree(Cli.run("rerun-plan", "com.acme.Suite::flaky", "--db", db, "--format", "json")
                .out());
        assertThat(plan.get("state").asText()).isEqualTo("flaky");
        String after = plan.get("after").asText();
        String through = plan.get("through").asText();
        assertThat(after.compareTo(through)).isLessThan(0);
        if (plan.get("culprit").isNull()) {
            assertThat(plan.get("probes")).isNotEmpty();
            for (JsonNode p : plan.get("probes")) {
                assertThat(p.get("revision").asText()).isGreaterThan(after).isLessThan(through);
                assertThat(p.get("iterations").asInt()).isBetween(1, 400);
            }
        } else {
            assertThat(plan.get("culprit").asText()).isEqualTo("r130");
        }
        Cli fine = Cli.run("rerun-plan", "com.acme.Suite::fine", "--db", db);
        assertThat(fine.exit()).isEqualTo(1);
        assertThat(fine.err()).contains("stable now");
    }

    /**
     * Findit's loop, as a CI would run it: each round reruns the planned probes as often as asked,
     * ingests each probe's report with {@code --rerun} (its attempts are the iterations), and asks
     * again, until one commit is named.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void reruns_ingested_with_rerun_narrow_the_plan_to_the_commit_where_it_began(String store) throws Exception {
        String db = history(store);
        JsonNode plan = null;
        int rounds = 0;
        for (; rounds < 8; rounds++) {
            plan = JSON.readTree(Cli.run("rerun-plan", "com.acme.Suite::flaky", "--db", db, "--format", "json")
                    .out());
            if (!plan.get("culprit").isNull()) {
                break;
            }
            for (JsonNode p : plan.get("probes")) {
                String revision = p.get("revision").asText();
                boolean flaky = revision.compareTo("r130") >= 0;
                StringBuilder xml = new StringBuilder("<testsuite name=\"com.acme.Suite\">");
                for (int i = 0; i < p.get("iterations").asInt(); i++) {
                    xml.append("<testcase classname=\"com.acme.Suite\" name=\"flaky\">")
                            .append(flaky && i % 2 == 0 ? "<failure message=\"boom\"/>" : "")
                            .append("</testcase>");
                }
                Path report = dir.resolve("rerun-" + rounds + "-" + revision + ".xml");
                java.nio.file.Files.writeString(
                        report, xml.append("</testsuite>").toString());
                Cli in = Cli.run(
                        "ingest",
                        report.toString(),
                        "--db",
                        db,
                        "--rerun",
                        "--revision",
                        revision,
                        "--job",
                        "unit",
                        "--builder",
                        "linux",
                        "--run",
                        "rerun-" + rounds + "-" + revision);
                assertThat(in.exit()).as(in.err()).isZero();
            }
        }
        assertThat(plan.get("culprit").asText()).isEqualTo("r130");
        assertThat(rounds).isBetween(1, 4);
        // the reruns' failures are no flake occurrences: the ranking counts only the CI's own
        JsonNode flakes = JSON.readTree(Cli.run("flakes", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(flakes)
                .singleElement()
                .satisfies(f -> assertThat(f.get("occurrences").asInt()).isEqualTo(30));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_rerun_without_its_revision_is_refused(String store) throws Exception {
        String db = history(store);
        Path report = dir.resolve("r.xml");
        java.nio.file.Files.writeString(
                report, "<testsuite><testcase classname=\"com.acme.Suite\" name=\"flaky\"/></testsuite>");
        Cli in = Cli.run("ingest", report.toString(), "--db", db, "--rerun");
        assertThat(in.exit()).isEqualTo(2);
        assertThat(in.err()).contains("--rerun needs --revision");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void with_the_repository_commits_keep_its_order_whatever_order_they_first_ran_in(String store) throws Exception {
        Path repo = dir.resolve("repo");
        List<String> shas = new java.util.ArrayList<>();
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init()
                .setDirectory(repo.toFile())
                .setInitialBranch("main")
                .call()) {
            for (int i = 0; i < 40; i++) {
                shas.add(git.commit()
                        .setMessage("c" + i)
                        .setAllowEmpty(true)
                        .setAuthor("a", "a@example.com")
                        .setCommitter("a", "a@example.com")
                        .call()
                        .name());
            }
        }
        String db = TestStores.fresh(store, dir);
        try (Database d = Database.open(db)) {
            Scenario s = new Scenario(d);
            // commits 20 to 24 first ran last (a late merge, a backlog): by time, 25 looks like the first failure
            java.util.List<Integer> ran = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) ran.add(i);
            for (int i = 25; i < 40; i++) ran.add(i);
            for (int i = 20; i < 25; i++) ran.add(i);
            for (int i : ran) {
                s.post(shas.get(i).substring(0, 10), "linux")
                        .test("broken", i >= 20 ? "FF" : "P")
                        .test("wobbly", i >= 20 ? "FP" : "P")
                        .passing(3);
            }
            s.post("not-in-repo", "linux").test("broken", "FF").passing(3);
            s.store();
        }
        JsonNode byTime = JSON.readTree(Cli.run("regressions", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(byTime.get(0).get("since").asText()).isEqualTo(shas.get(25).substring(0, 10));

        Cli r = Cli.run("regressions", "--db", db, "--since", "all", "--format", "json", "--repo", repo.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode byRepo = JSON.readTree(r.out());
        assertThat(byRepo.get(0).get("since").asText()).isEqualTo(shas.get(20).substring(0, 10));
        // one run a commit: the 99% interval spans a few commits before the first failure, all of them
        // the repository's predecessors of commit 20 (by time, commit 25's would be)
        String after = byRepo.get(0).get("suspect_range").get("after").asText();
        assertThat(shas.subList(12, 20).stream().map(x -> x.substring(0, 10))).contains(after);

        // the flake list places where a flake began the same way
        JsonNode flakesByTime = JSON.readTree(Cli.run("flakes", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(flakesByTime.get(0).get("since_revision").asText())
                .isEqualTo(shas.get(25).substring(0, 10));
        JsonNode flakesByRepo = JSON.readTree(
                Cli.run("flakes", "--db", db, "--since", "all", "--format", "json", "--repo", repo.toString())
                        .out());
        assertThat(flakesByRepo.get(0).get("name").asText()).isEqualTo("wobbly");
        assertThat(flakesByRepo.get(0).get("since_revision").asText())
                .isEqualTo(shas.get(20).substring(0, 10));

        JsonNode t = JSON.readTree(
                Cli.run("test", "com.acme.Suite::broken", "--db", db, "--format", "json", "--repo", repo.toString())
                        .out());
        assertThat(t.get("segments").get(0).get("unordered_revisions"))
                .extracting(JsonNode::asText)
                .containsExactly("not-in-repo");

        Cli bad = Cli.run(
                "regressions", "--db", db, "--repo", dir.resolve("nowhere").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--repo:", "not in a git repository");
    }
}
