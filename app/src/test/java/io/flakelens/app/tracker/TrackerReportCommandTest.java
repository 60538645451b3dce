package io.flakelens.app.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.cli.FlakelensCommand;
import io.flakelens.core.bugs.BugRef;
import io.flakelens.store.Database;
import io.flakelens.store.History;
import io.flakelens.store.TestStores;
import io.flakelens.store.bugs.BugStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code report tracker}: one flaky, one failing and one passing job in two groups, a test with a
 * bug, history outside the window; the same facts in CSV, JSON, markdown, org and HTML.
 */
class TrackerReportCommandTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    String db;
    String cfg;

    static List<String> stores() {
        return TestStores.names();
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FlakelensCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    void setUp(String store) throws Exception {
        db = TestStores.fresh(store, dir);
        try (Database d = Database.open(db)) {
            History h = new History(d);
            // outside the 7-day window: must not count anywhere
            h.post("e2e-gce", "linux", "r0", NOW.minusSeconds(8 * 86400))
                    .test("k8s", "[sig-apps] old", "FP")
                    .passing(10);
            for (int i = 1; i <= 3; i++) {
                Instant t = NOW.minusSeconds(86400L * i);
                h.post("e2e-gce", "linux", "r" + i, t)
                        .test("k8s", "[sig-storage] mounts", i <= 2 ? "FP" : "P")
                        .test("k8s", "[sig-node] restart", i == 3 ? "FP" : "P")
                        .passing(10);
                h.post("e2e-aws", "linux", "r" + i, t.plusSeconds(60))
                        .test("k8s", "[sig-cloud] lb", "F")
                        .passing(10);
                h.post("unit", "linux", "r" + i, t.plusSeconds(120))
                        .test("com.acme.A", "ok", "P")
                        .passing(10);
                h.post("nightly", "linux", "r" + i, t.plusSeconds(180))
                        .test("com.acme.N", "n", "FP")
                        .passing(10);
            }
            h.store();
            // a bug for the storage flake, as bugs sync would have recorded it
            new BugStore(d)
                    .record(
                            "github",
                            "acme/widgets",
                            new BugRef("github:acme/widgets#7", 7, "https://github.com/acme/widgets/issues/7", "open"),
                            "mounts is flaky",
                            "flakelens:abc",
                            NOW.minusSeconds(3600),
                            NOW.minusSeconds(3600),
                            List.of("k8s::[sig-storage] mounts"),
                            "create",
                            NOW.minusSeconds(3600));
        }
        Path c = dir.resolve("flakelens.yaml");
        Files.writeString(c, """
                tracker:
                  failing_runs: 3
                  groups:
                    - {name: release-blocking, jobs: ["e2e-.*", unit]}
                    - {name: informing, jobs: ["e2e-gce"]}
                """);
        cfg = c.toString();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void csv_has_a_header_and_one_row_per_job_and_test(String store) throws Exception {
        setUp(store);
        String csv = run("report", "tracker", "--db", db, "--config", cfg, "--now", NOW.toString(), "--format", "csv");
        assertThat(csv.lines().toList())
                .containsExactly(
                        "group,job,job_status,job_runs,latest_runs,latest_failed,test,owner,occurrences,test_runs,flake_rate,bug,bug_state",
                        "release-blocking,e2e-aws,failing,3,3,3,,,,,,,",
                        "release-blocking,e2e-gce,flaky,3,3,0,k8s::[sig-storage] mounts,sig-storage,2,3,0.667,https://github.com/acme/widgets/issues/7,open",
                        "release-blocking,e2e-gce,flaky,3,3,0,k8s::[sig-node] restart,sig-node,1,3,0.333,,",
                        "release-blocking,unit,passing,3,3,0,,,,,,,",
                        "informing,e2e-gce,flaky,3,3,0,k8s::[sig-storage] mounts,sig-storage,2,3,0.667,https://github.com/acme/widgets/issues/7,open",
                        "informing,e2e-gce,flaky,3,3,0,k8s::[sig-node] restart,sig-node,1,3,0.333,,");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void json_carries_the_same_jobs_tests_and_totals(String store) throws Exception {
        setUp(store);
        JsonNode r = new ObjectMapper()
                .readTree(run(
                        "report", "tracker", "--db", db, "--config", cfg, "--now", NOW.toString(), "--format", "json"));
        JsonNode rb = r.get("groups").get(0);
        assertThat(rb.get("name").asText()).isEqualTo("release-blocking");
        assertThat(rb.get("jobs").findValuesAsText("status")).containsExactly("failing", "flaky", "passing");
        JsonNode mounts = rb.get("jobs").get(1).get("tests").get(0);
        assertThat(mounts.get("bug").get("url").asText()).isEqualTo("https://github.com/acme/widgets/issues/7");
        assertThat(mounts.get("flake_rate").asDouble()).isEqualTo(0.6667);
        JsonNode groupTotals = r.get("totals_per_group").get(0);
        // 3 jobs: one passing, one flaky, one failing; 2 flaky tests, 1 of them tracked
        assertThat(groupTotals.get("jobs").asInt()).isEqualTo(3);
        assertThat(groupTotals.get("flaky_pct").asDouble()).isEqualTo(33.3);
        assertThat(groupTotals.get("tracked_pct").asDouble()).isEqualTo(50.0);
        // owners: a job in two groups counts once
        JsonNode owners = r.get("totals_per_owner");
        assertThat(owners.get(0).get("owner").asText()).isEqualTo("sig-storage");
        assertThat(owners.get(0).get("occurrences").asInt()).isEqualTo(2);
        assertThat(owners.get(0).get("occurrences_pct").asDouble()).isEqualTo(66.7);
        assertThat(owners.get(0).get("tracked").asInt()).isEqualTo(1);
        assertThat(owners.get(1).get("owner").asText()).isEqualTo("sig-node");
        assertThat(owners).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void markdown_org_and_html_render_the_same_report(String store) throws Exception {
        setUp(store);
        String md = run("report", "tracker", "--db", db, "--config", cfg, "--now", NOW.toString(), "--format", "md");
        assertThat(md)
                .contains(
                        "## release-blocking: 3 jobs, 1 flaky, 1 failing",
                        "### e2e-gce (flaky)",
                        "| k8s::[sig-storage] mounts | sig-storage | 2           | 3    | 0.667      | https://github.com/acme/widgets/issues/7 | open      |",
                        "## Totals per owner",
                        "| 33.3 ")
                .doesNotContain("nightly", "[sig-apps] old", "33.333");
        String org = run("report", "tracker", "--db", db, "--config", cfg, "--now", NOW.toString(), "--format", "org");
        assertThat(org)
                .contains(
                        "* Flake tracker, 2026-11-20T12:00:00Z to 2026-11-27T12:00:00Z",
                        "** informing: 1 jobs, 1 flaky, 0 failing",
                        "*** e2e-gce (flaky)",
                        "|-");
        String html =
                run("report", "tracker", "--db", db, "--config", cfg, "--now", NOW.toString(), "--format", "html");
        assertThat(html)
                .contains(
                        "<h2>release-blocking</h2>",
                        "<a href=\"https://github.com/acme/widgets/issues/7\">",
                        "<td class=\"failing\">failing</td>")
                .doesNotContain("http-equiv=\"refresh\"");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void without_groups_every_job_is_in_one_group(String store) throws Exception {
        setUp(store);
        String csv = run("report", "tracker", "--db", db, "--now", NOW.toString(), "--format", "csv");
        assertThat(csv.lines()
                        .skip(1)
                        .map(l -> l.split(",")[0] + "," + l.split(",")[1] + "," + l.split(",")[2])
                        .distinct()
                        .toList())
                .containsExactly(
                        "all jobs,e2e-aws,failing",
                        "all jobs,e2e-gce,flaky",
                        "all jobs,nightly,flaky",
                        "all jobs,unit,passing");
    }
}
