package io.flakelens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.ci.GateRun;
import io.flakelens.app.ci.RunReports;
import io.flakelens.app.ci.StoreEvidence;
import io.flakelens.app.ci.StoreKnowledge;
import io.flakelens.app.demo.CiSimulator;
import io.flakelens.app.demo.SimulationConfig;
import io.flakelens.app.demo.SimulationResult;
import io.flakelens.app.demo.SimulationTruth;
import io.flakelens.app.demo.TestTruth;
import io.flakelens.app.ingest.Ingestion;
import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.GatePolicy;
import io.flakelens.core.gate.GateResult;
import io.flakelens.core.gate.Judged;
import io.flakelens.core.gate.MuteIndex;
import io.flakelens.core.gate.TestEvidence;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gate on the demo's store, against the simulator's truth: every run whose only failures are
 * flaky tests should pass once those tests are known; no run with a real regression should. Each
 * run's own reports are read as {@code flakelens gate} reads them; the verdicts come from the default
 * policy over the whole history (the store holds every run, as it would after {@code upload --gate}).
 */
public final class GateBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final Path work;

    public GateBench(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    /** The counts the bench prints; {@code known} runs are those whose failed tests all have flake evidence. */
    public record Figures(
            int flakyOnly,
            int flakyOnlyPassed,
            int flakyOnlyKnown,
            int flakyOnlyKnownPassed,
            int regression,
            int regressionPassed,
            Map<String, Integer> whyBlocked,
            Map<String, Integer> regressionFindings) {}

    /** Runs the demo's simulation (seed 42) into the scratch folder, or reads an earlier demo in {@code demoDir}. */
    public Figures run(Path demoDir, long seed) throws Exception {
        return run(demoDir, seed, 1);
    }

    /** @param scale the simulation's size, as {@code demo --scale} takes it */
    public Figures run(Path demoDir, long seed, double scale) throws Exception {
        Path data;
        String db;
        SimulationTruth truth;
        long t0 = System.nanoTime();
        if (demoDir != null) {
            data = demoDir.resolve("ci-history");
            db = demoDir.resolve("flakelens.db").toString();
            truth = SimulationTruth.read(data.resolve(CiSimulator.TRUTH));
            out.printf("gate      the demo in %s%n", demoDir);
        } else {
            data = work.resolve("gate-demo");
            db = work.resolve("gate-demo.db").toString();
            SimulationConfig config = SimulationConfig.defaults()
                    .withSeed(seed)
                    .withNow(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            if (scale != 1) {
                config = config.scaled(scale);
            }
            SimulationResult sim = new CiSimulator(config).simulate(data);
            try (Database store = Database.open(db);
                    Ingestion ingestion = new Ingestion(store, Ingestion.QUIET, Map.of())) {
                ingestion.ingestManifest(sim.manifest());
            }
            truth = sim.truth();
            out.printf(
                    "gate      simulated the demo (seed %d): %,d runs, %,d results, stored in %.1f s%n",
                    seed, sim.runs(), sim.results(), (System.nanoTime() - t0) / 1e9);
        }
        out.flush();
        Figures f;
        try (Database store = Database.open(db)) {
            f = judge(store, data, truth);
        }
        out.printf(
                "gate      flaky-only runs passed: %d of %d (%d of %d whose failed tests all have flake evidence)%n",
                f.flakyOnlyPassed(), f.flakyOnly(), f.flakyOnlyKnownPassed(), f.flakyOnlyKnown());
        out.printf(
                "gate      regression runs passed: %d of %d (goal 0); the regressed tests' failures were found %s%n",
                f.regressionPassed(), f.regression(), f.regressionFindings());
        if (!f.whyBlocked().isEmpty()) {
            out.println("gate      why flaky-only runs were blocked (first blocking failure per run):");
            f.whyBlocked().forEach((why, n) -> out.printf("gate        %4d  %s%n", n, why));
        }
        out.flush();
        return f;
    }

    private Figures judge(Database store, Path data, SimulationTruth truth) throws Exception {
        GatePolicy policy = GatePolicy.defaults();
        long r0 = System.nanoTime();
        // Every run's reports, read as the gate reads them; runs sorted into the truth's classes.
        Map<String, RunReports> flakyOnly = new LinkedHashMap<>();
        Map<String, RunReports> regression = new LinkedHashMap<>();
        int runs = 0;
        try (BufferedReader r = Files.newBufferedReader(data.resolve(CiSimulator.MANIFEST), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode run = JSON.readTree(line);
                String id = run.path("run").asText();
                runs++;
                if (truth.infraRun(id) || !"failed".equals(run.path("status").asText())) {
                    continue;
                }
                List<Path> reports = new ArrayList<>();
                run.path("reports").forEach(p -> reports.add(data.resolve(p.asText())));
                RunReports read = RunReports.read(reports);
                if (!read.problems().isEmpty()) {
                    throw new IllegalStateException(
                            "unreadable demo report: " + read.problems().get(0));
                }
                Set<TestTruth.Kind> kinds = new LinkedHashSet<>();
                read.failures().forEach(x -> kinds.add(truth.kindOf(x.id().id())));
                if (kinds.contains(TestTruth.Kind.REGRESSION)) {
                    regression.put(id, read);
                } else if (kinds.equals(Set.of(TestTruth.Kind.FLAKY))) {
                    flakyOnly.put(id, read);
                }
            }
        }
        out.printf(
                "gate      read %,d runs' reports in %.1f s: %d flaky-only, %d with a regression (infrastructure"
                        + " runs and broken environments aside)%n",
                runs, (System.nanoTime() - r0) / 1e9, flakyOnly.size(), regression.size());
        // One look-up for every failed test, then each run judged on its own failures: the verdicts are
        // those of one gate per run (checked on a sample below), without repeating the same queries.
        long q0 = System.nanoTime();
        StoreKnowledge.refresh(store);
        Set<TestId> failed = new LinkedHashSet<>();
        flakyOnly.values().forEach(x -> x.failures().forEach(f -> failed.add(f.id())));
        regression.values().forEach(x -> x.failures().forEach(f -> failed.add(f.id())));
        // The gate's default window, 14 days, back from the end of the simulated history (an earlier demo's too).
        Instant since = truth.now().minus(14, ChronoUnit.DAYS);
        Map<String, StoreKnowledge.Entry> known =
                StoreKnowledge.lookup(store, List.copyOf(failed), since, policy.mainRevisions());
        Map<String, TestEvidence> evidence = new HashMap<>();
        Map<String, Gate.Mute> mutes = new HashMap<>();
        known.forEach((id, e) -> {
            evidence.put(id, e.evidence());
            if (e.mute() != null) {
                mutes.put(id, e.mute());
            }
        });
        Gate.Knowledge knowledge = new Gate.Knowledge(evidence, mutes, Map.of());
        Gate gate = new Gate(policy);
        out.printf("gate      evidence for %d failed tests in %.2f s%n", failed.size(), (System.nanoTime() - q0) / 1e9);

        int flakyPassed = 0;
        int knownRuns = 0;
        int knownPassed = 0;
        Map<String, Integer> why = new TreeMap<>();
        for (RunReports read : flakyOnly.values()) {
            GateResult g = gate.judge(read.tests(), read.failures(), knowledge);
            boolean allKnown = read.failures().stream()
                    .allMatch(f -> evidence.getOrDefault(f.id().id(), TestEvidence.none(f.id()))
                                    .occurrences()
                            > 0);
            flakyPassed += g.passed() ? 1 : 0;
            knownRuns += allKnown ? 1 : 0;
            knownPassed += allKnown && g.passed() ? 1 : 0;
            if (!g.passed()) {
                Judged first = g.judged().stream()
                        .filter(j -> !j.letThrough())
                        .findFirst()
                        .orElseThrow();
                why.merge(
                        first.finding().label() + ": "
                                + first.reason().replaceAll("\\d+", "N").replaceAll("N\\.N%", "N%"),
                        1,
                        Integer::sum);
            }
        }
        int regressionPassed = 0;
        Map<String, Integer> findings = new TreeMap<>();
        for (RunReports read : regression.values()) {
            GateResult g = gate.judge(read.tests(), read.failures(), knowledge);
            regressionPassed += g.passed() ? 1 : 0;
            // what the gate called the regressed tests' failures
            g.judged().stream()
                    .filter(j -> truth.kindOf(j.failure().id().id()) == TestTruth.Kind.REGRESSION)
                    .forEach(j -> findings.merge(
                            j.finding().label() + (j.letThrough() ? " (let through)" : ""), 1, Integer::sum));
        }
        checkSample(store, flakyOnly, regression, knowledge, gate, since.toString());
        return new Figures(
                flakyOnly.size(),
                flakyPassed,
                knownRuns,
                knownPassed,
                regression.size(),
                regressionPassed,
                why,
                findings);
    }

    /** Twenty runs through the whole gate, one store look-up each, as {@code flakelens gate --db} does it. */
    private void checkSample(
            Database store,
            Map<String, RunReports> flakyOnly,
            Map<String, RunReports> regression,
            Gate.Knowledge knowledge,
            Gate gate,
            String since)
            throws Exception {
        List<RunReports> sample = new ArrayList<>();
        flakyOnly.values().stream().limit(10).forEach(sample::add);
        regression.values().stream().limit(10).forEach(sample::add);
        long[] nanos = new long[sample.size()];
        int i = 0;
        for (RunReports read : sample) {
            long t = System.nanoTime();
            GateResult one =
                    GateRun.judge(read, new StoreEvidence(store, null), gate.policy(), since, new MuteIndex(List.of()));
            nanos[i++] = System.nanoTime() - t;
            GateResult bulk = gate.judge(read.tests(), read.failures(), knowledge);
            if (one.passed() != bulk.passed()) {
                throw new IllegalStateException(
                        "a run's own gate and the bulk verdict differ: " + one.summary() + " / " + bulk.summary());
            }
        }
        java.util.Arrays.sort(nanos);
        out.printf(
                Locale.ROOT,
                "gate      one gate against the store (%d runs, look-up and judgement, reports already"
                        + " read): p50 %.1f ms, max %.1f ms; same verdicts as above%n",
                nanos.length,
                ServeLoad.ms(nanos, 0.5),
                ServeLoad.ms(nanos, 1.0));
    }
}
