package io.flakelens.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.demo.TestTruth.BrokenEnvironment;
import io.flakelens.app.demo.TestTruth.ChangeRegression;
import io.flakelens.app.demo.TestTruth.Flaky;
import io.flakelens.app.demo.TestTruth.MainlineRegression;
import io.flakelens.core.ingest.JUnitXmlParser;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.TestCase;
import java.io.BufferedReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default history, read back through Flakelens' own JUnit parser, does what its truth says:
 * regressions fail every run of their range, broken environments every run of their window,
 * infrastructure runs most of their tests, flaky tests about as often as their rate, and nothing
 * else fails at all.
 */
class SimulatedTruthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static SimulationResult result;
    private static SimulationTruth truth;
    private static final List<String> violations = new ArrayList<>();
    private static final Map<String, int[]> flakeCounts = new HashMap<>();
    private static final Map<String, Integer> failingRunsSeen = new HashMap<>();
    private static final Map<String, Integer> infraFailedPercent = new HashMap<>();
    private static int flakyPasses;
    private static int lateStarterRunsBefore;
    private static int runsRead;
    private static long resultsRead;

    /** One line of the manifest, and what was seen in the run's reports. */
    private record RunLine(
            String id,
            String job,
            String builder,
            String revision,
            String change,
            String patchset,
            Instant startedAt,
            boolean infra) {}

    @BeforeAll
    static void simulateAndReadBack() throws Exception {
        result = new CiSimulator(SimulationConfig.defaults()).simulate(dir);
        truth = result.truth();
        JUnitXmlParser parser = new JUnitXmlParser();
        try (BufferedReader lines = Files.newBufferedReader(result.manifest())) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                RunLine run = new RunLine(
                        n.get("run").asText(),
                        n.get("job").asText(),
                        n.get("builder").asText(),
                        n.get("revision").asText(),
                        text(n, "change"),
                        text(n, "patchset"),
                        Instant.parse(n.get("started_at").asText()),
                        truth.infraRun(n.get("run").asText()));
                int[] counts = new int[3]; // results, failed results, failed with the infra message
                for (JsonNode report : n.get("reports")) {
                    try (InputStream in = Files.newInputStream(dir.resolve(report.asText()))) {
                        parser.parse(in, (tc, ignored) -> check(run, tc, counts));
                    }
                }
                runsRead++;
                resultsRead += counts[0];
                boolean failed = counts[1] > 0;
                if (failed != n.get("status").asText().equals("failed")) {
                    violations.add(run.id() + ": status " + n.get("status") + " but " + counts[1] + " failed");
                }
                if (run.infra()) {
                    infraFailedPercent.put(run.id(), 100 * counts[2] / counts[0]);
                }
            }
        }
    }

    private static void check(RunLine run, TestCase tc, int[] counts) {
        String id = tc.id().id();
        List<Attempt> attempts = tc.attempts();
        boolean anyFailed = attempts.stream().anyMatch(a -> a.outcome().failed());
        boolean allFailed = attempts.stream().allMatch(a -> a.outcome().failed());
        counts[0]++;
        if (tc.finalOutcome().failed()) {
            counts[1]++;
            Failure f = attempts.get(attempts.size() - 1).failure();
            if (truth.infraMessage().equals(f.type() + ": " + f.message())) {
                counts[2]++;
            }
        }
        if (tc.flaky()) {
            flakyPasses++;
        }
        TestTruth t = truth.tests().get(id);
        Boolean mustFail = null;
        if (t instanceof MainlineRegression r) {
            mustFail = run.change() == null
                    ? r.revisions().contains(run.revision())
                    : r.changes().contains(run.change());
        } else if (t instanceof ChangeRegression r) {
            mustFail = r.change().equals(run.change()) && r.patchsets().contains(run.patchset());
        } else if (t instanceof BrokenEnvironment e) {
            mustFail = e.builder().equals(run.builder())
                    && e.job().equals(run.job())
                    && !run.startedAt().isBefore(e.from())
                    && run.startedAt().isBefore(e.to());
        } else if (t instanceof Flaky f
                && !run.infra()
                && (f.builder() == null || f.builder().equals(run.builder()))) {
            if (f.since() != null) {
                // a late starter's presubmit runs test code of either side; its post-submit runs tell
                if (run.change() != null) {
                    return;
                }
                int at = truth.revisions().indexOf(run.revision());
                if (at < truth.revisions().indexOf(f.since())) {
                    if (anyFailed) {
                        violations.add(run.id() + ": " + id + " failed before it started flaking");
                    }
                    lateStarterRunsBefore++;
                    return;
                }
            }
            int[] c = flakeCounts.computeIfAbsent(id, k -> new int[2]);
            c[0]++;
            c[1] += anyFailed ? 1 : 0;
            return;
        }
        if (Boolean.TRUE.equals(mustFail)) {
            failingRunsSeen.merge(id, 1, Integer::sum);
            if (!allFailed) {
                violations.add(run.id() + ": " + id + " (" + t.kind() + ") should fail every attempt");
            }
        } else if (anyFailed && !run.infra()) {
            violations.add(run.id() + ": " + id + " (" + truth.kindOf(id) + ") failed");
        }
    }

    private static String text(JsonNode n, String field) {
        return n.get(field).isNull() ? null : n.get(field).asText();
    }

    @Test
    void theDefaultHistoryIsDemoSized() {
        assertThat(runsRead).isEqualTo(result.runs());
        assertThat(resultsRead).isEqualTo(result.results()).isBetween(500_000L, 2_000_000L);
        assertThat(truth.testCount()).isEqualTo(800);
    }

    @Test
    void nothingFailsThatTheTruthDoesNotExplain() {
        assertThat(violations).isEmpty();
    }

    @Test
    void regressionsFailEveryRunOfTheirRange() {
        List<String> regressions = new ArrayList<>(truth.regressionTests());
        assertThat(regressions).isNotEmpty();
        for (String id : regressions) {
            assertThat(failingRunsSeen.get(id))
                    .as(id + " failing runs")
                    .isNotNull()
                    .isPositive();
        }
        List<TestTruth> kinds =
                regressions.stream().map(id -> truth.tests().get(id)).toList();
        assertThat(kinds)
                .as("a breakage of one revision")
                .anyMatch(
                        t -> t instanceof MainlineRegression m && m.revisions().size() == 1 && m.fixed() != null);
        assertThat(kinds)
                .as("a breakage of several")
                .anyMatch(
                        t -> t instanceof MainlineRegression m && m.revisions().size() > 1);
        assertThat(kinds)
                .as("a change fixed in a later patchset")
                .anyMatch(t -> t instanceof ChangeRegression c && c.merged());
        assertThat(kinds).as("an abandoned change").anyMatch(t -> t instanceof ChangeRegression c && !c.merged());
    }

    @Test
    void flakyTestsFailAboutAsOftenAsTheirRate() {
        assertThat(truth.flakyTests().size()).isBetween(24, 48); // 3-6% of 800
        assertThat(flakeCounts.keySet()).containsExactlyInAnyOrderElementsOf(truth.flakyTests());
        long expected = 0;
        long observed = 0;
        for (var e : flakeCounts.entrySet()) {
            Flaky f = (Flaky) truth.tests().get(e.getKey());
            int runs = e.getValue()[0];
            int failed = e.getValue()[1];
            assertThat(f.rate()).isBetween(0.01, 0.25);
            assertThat(runs).as(e.getKey()).isGreaterThan(f.since() == null ? 300 : 30);
            // A deterministic history either meets this bound or never does; 4.5 sigma is the real-data margin.
            double sigma = Math.sqrt(f.rate() * (1 - f.rate()) / runs);
            assertThat((double) failed / runs)
                    .as(e.getKey() + " rate " + f.rate() + " over " + runs + " runs")
                    .isCloseTo(f.rate(), offset(4.5 * sigma + 1.0 / runs));
            expected += Math.round(f.rate() * runs);
            observed += failed;
        }
        assertThat((double) observed / expected).isBetween(0.9, 1.1);
        assertThat(truth.tests().values())
                .as("flaky on one builder only")
                .anyMatch(t -> t instanceof Flaky f && f.builder() != null);
        assertThat(flakyPasses).as("flaky passes on in-run reruns").isPositive();
    }

    @Test
    void someFlakesStartMidHistoryAndNeverFailBefore() {
        List<Flaky> late = truth.tests().values().stream()
                .filter(t -> t instanceof Flaky f && f.since() != null)
                .map(t -> (Flaky) t)
                .toList();
        assertThat(late).isNotEmpty();
        for (Flaky f : late) {
            assertThat(f.rate()).isGreaterThanOrEqualTo(0.05);
            int at = truth.revisions().indexOf(f.since());
            assertThat(at)
                    .isBetween(truth.revisions().size() / 5, truth.revisions().size() * 2 / 3);
        }
        // their earlier post-submit runs were read and passed (a failure there is a violation)
        assertThat(lateStarterRunsBefore).isGreaterThan(100);
    }

    @Test
    void infrastructureRunsFailMostTestsWithOneMessage() {
        assertThat(truth.infraRuns()).hasSize(SimulationConfig.defaults().infraRuns());
        assertThat(infraFailedPercent.keySet()).containsExactlyInAnyOrderElementsOf(truth.infraRuns());
        assertThat(infraFailedPercent.values()).allMatch(p -> p > 60);
    }

    @Test
    void aBrokenEnvironmentFailsItsWholeSuiteForItsWindow() {
        assertThat(truth.brokenEnvironments()).hasSize(1);
        BrokenEnvironment env = truth.brokenEnvironments().get(0);
        assertThat(env.to()).isAfter(env.from().plusSeconds(86_400));
        assertThat(truth.brokenEnvironmentTests()).isNotEmpty().allMatch(id -> id.startsWith(env.suite() + "."));
        for (String id : truth.brokenEnvironmentTests()) {
            assertThat(failingRunsSeen.get(id)).as(id).isNotNull().isGreaterThan(20);
        }
    }
}
