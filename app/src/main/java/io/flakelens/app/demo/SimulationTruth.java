package io.flakelens.app.demo;

import io.flakelens.app.demo.TestTruth.BrokenEnvironment;
import io.flakelens.app.demo.TestTruth.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the simulator knows about its history, for scoring a detector against it. Written beside
 * the history as {@code truth.json}; {@link #read} loads it back.
 *
 * @param testCount          all test ids in the history
 * @param tests              every test that is not stable, by {@code classname::name}; absent means stable
 * @param infraMessage       the first line all failures of an infrastructure run share
 * @param infraRuns          ids of the runs in which the infrastructure failed
 * @param brokenEnvironments each (builder, suite, time range) whose tests all failed
 * @param revisions          the main-line revisions, oldest first
 */
public record SimulationTruth(
        long seed,
        Instant now,
        int testCount,
        Map<String, TestTruth> tests,
        String infraMessage,
        List<String> infraRuns,
        List<BrokenEnvironment> brokenEnvironments,
        List<String> revisions) {

    public SimulationTruth {
        revisions = List.copyOf(revisions);
        tests = Collections.unmodifiableMap(new TreeMap<>(tests));
        infraRuns = List.copyOf(infraRuns);
        brokenEnvironments = List.copyOf(brokenEnvironments);
    }

    public Set<String> flakyTests() {
        return testsOf(Kind.FLAKY);
    }

    /** Main-line and change regressions alike. */
    public Set<String> regressionTests() {
        return testsOf(Kind.REGRESSION);
    }

    public Set<String> brokenEnvironmentTests() {
        return testsOf(Kind.BROKEN_ENV);
    }

    public Set<String> testsOf(Kind kind) {
        return tests.entrySet().stream()
                .filter(e -> e.getValue().kind() == kind)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public Kind kindOf(String testId) {
        TestTruth t = tests.get(testId);
        return t == null ? Kind.STABLE : t.kind();
    }

    public Optional<TestTruth> of(String testId) {
        return Optional.ofNullable(tests.get(testId));
    }

    public boolean infraRun(String runId) {
        return infraRuns.contains(runId);
    }

    public static SimulationTruth read(Path truthJson) throws IOException {
        return TruthFile.read(truthJson);
    }
}
