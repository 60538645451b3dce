package io.flakelens.app.cli;

import io.flakelens.app.demo.CiSimulator;
import io.flakelens.app.demo.SimulationConfig;
import io.flakelens.app.demo.SimulationResult;
import io.flakelens.app.demo.SimulationTruth;
import io.flakelens.app.demo.TestTruth;
import io.flakelens.app.ingest.Ingestion;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.detect.FlakeQueries;
import io.flakelens.store.query.InfraFailure;
import io.flakelens.store.query.RunQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens demo}: the main job end to end on data whose truth is known. Simulates two
 * weeks of CI, ingests it into the embedded store, ranks the flakes, and scores the ranking
 * against the simulator's truth (computed from the two sets, never printed from the truth).
 */
@Command(
        name = "demo",
        description = "Simulate two weeks of CI, ingest it, rank the flaky tests, score against the truth.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            defaultValue = "flakelens-demo",
            description = "Where the simulated reports and the store go (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--db", description = "Store to ingest into (default: <dir>/flakelens.db)")
    String db;

    @Option(names = "--seed", defaultValue = "42", description = "Simulation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description = "History size factor; 1 is about a million results (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--top", defaultValue = "15", description = "Flaky tests to show (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path data = dir.resolve("ci-history");
        clean(data);
        String spec = db != null ? db : dir.resolve("flakelens.db").toString();
        if (db == null) {
            Files.deleteIfExists(Path.of(spec));
            Files.deleteIfExists(Path.of(spec + ".wal"));
        }

        SimulationConfig config =
                SimulationConfig.defaults().withSeed(seed).withNow(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (scale != 1) {
            config = config.scaled(scale);
        }
        long t0 = System.nanoTime();
        SimulationResult sim = new CiSimulator(config).simulate(data);
        out.printf(
                "1. Simulated %d days of CI: %,d runs on %d jobs x %d builders, %,d results in %,d report files "
                        + "(%.0f MB) in %s%n",
                config.days(),
                sim.runs(),
                config.jobs().size(),
                config.builders().size(),
                sim.results(),
                sim.reports(),
                sim.reportBytes() / 1e6,
                seconds(t0));
        out.flush();

        try (Database store = Database.open(spec)) {
            long t1 = System.nanoTime();
            Ingestion.Summary s;
            try (IngestProgress progress = new IngestProgress(System.console() != null).expect(sim.reports());
                    Ingestion ingestion = new Ingestion(store, progress, Map.of())) {
                s = ingestion.ingestManifest(sim.manifest());
            }
            double ingestSecs = (System.nanoTime() - t1) / 1e9;
            long rejected = s.files().stream()
                    .filter(f -> f.status().equals("rejected"))
                    .count();
            out.printf(
                    "2. Ingested %s into %s: %,d runs, %,d results, %d files rejected, in %.1f s (%,.0f results/s)%n",
                    data.resolve(CiSimulator.MANIFEST),
                    spec,
                    s.runs(),
                    s.results(),
                    rejected,
                    ingestSecs,
                    s.results() / ingestSecs);
            out.flush();

            long t2 = System.nanoTime();
            FlakeDetection.Outcome d = new FlakeDetection(DetectionConfig.defaults()).run(store);
            FlakeQueries queries = new FlakeQueries(store, FlakeScore.findit());
            List<FlakyTest> ranked = queries.flakes(new FlakeFilter(Instant.EPOCH, null, null, 0));
            out.printf(
                    "3. Detected %,d flake occurrences, %d infrastructure runs, %d suite failures of broken environments,"
                            + " %d of flaky set-ups and %,d consistent failures; ranked %d flaky tests in %s%n%n",
                    d.occurrences(),
                    d.infraRuns(),
                    d.brokenSuites(),
                    d.setupFlakes(),
                    d.consistentFailures(),
                    ranked.size(),
                    seconds(t2));

            SimulationTruth truth = sim.truth();
            printTop(out, ranked, truth);
            score(out, ranked, truth, queries.testsThatFailed(), new RunQuery(store).infra(Instant.EPOCH, null, null));
            printChanges(out, DemoChangepoints.score(store, truth));
        }
        out.printf(
                "%nExplore it:%n  bin/flakelens flakes --db %s --since all%n  bin/flakelens test --db %s '<id from the list>'%n"
                        + "  bin/flakelens runs --db %s --infra --since all%n"
                        + "Or in the dashboard:%n  bin/flakelens serve --db %s --port 8080   then open http://localhost:8080/%n",
                spec, spec, spec, spec);
        out.flush();
        return 0;
    }

    private void printTop(PrintWriter out, List<FlakyTest> ranked, SimulationTruth truth) {
        List<List<Object>> rows = new ArrayList<>();
        int rank = 0;
        for (FlakyTest f : ranked.subList(0, Math.min(top, ranked.size()))) {
            rows.add(List.of(
                    ++rank,
                    f.score(),
                    f.id().id(),
                    f.kinds().stream().map(EvidenceKind::label).collect(Collectors.joining(",")),
                    f.occurrences(),
                    f.changes(),
                    f.flakeRate(),
                    truthLabel(truth, f.id().id())));
        }
        out.println("Most harmful flaky tests (score: Findit's weights; truth: what the simulator made them):");
        out.print(TableRenderer.render(
                new Table(
                        List.of("rank", "score", "test", "kinds", "occurrences", "changes", "flake_rate", "truth"),
                        rows),
                OutputFormat.TABLE));
        out.println();
    }

    private static String truthLabel(SimulationTruth truth, String id) {
        return truth.of(id)
                .map(t -> t instanceof TestTruth.Flaky f
                        ? String.format(
                                "flaky %.0f%%%s", f.rate() * 100, f.builder() == null ? "" : " on " + f.builder())
                        : t.kind().label())
                .orElse("stable");
    }

    private static void score(
            PrintWriter out,
            List<FlakyTest> ranked,
            SimulationTruth truth,
            Set<String> failed,
            List<InfraFailure> infra) {
        Set<String> predicted = ranked.stream().map(f -> f.id().id()).collect(Collectors.toSet());
        Set<String> flaky = truth.flakyTests();
        Set<String> hit = new HashSet<>(predicted);
        hit.retainAll(flaky);
        Set<String> detectable = new HashSet<>(flaky);
        detectable.retainAll(failed);
        Set<String> wrong = new HashSet<>(predicted);
        wrong.removeAll(flaky);
        Set<String> regressionsFlagged = new HashSet<>(predicted);
        regressionsFlagged.retainAll(truth.regressionTests());
        Set<String> envFlagged = new HashSet<>(predicted);
        envFlagged.retainAll(truth.brokenEnvironmentTests());
        long infraFound = infra.stream().filter(i -> i.kind().equals("run")).count();

        double precision = predicted.isEmpty() ? 1 : (double) hit.size() / predicted.size();
        double recall = flaky.isEmpty() ? 1 : (double) hit.size() / flaky.size();
        double detectableRecall = detectable.isEmpty() ? 1 : (double) hit.size() / detectable.size();
        out.println("4. Against the simulator's truth:");
        out.printf(
                "   precision %.3f  (%d of %d flagged tests are truly flaky)%n",
                precision, hit.size(), predicted.size());
        out.printf(
                "   recall    %.3f  (%d of %d flaky tests found; %d of them failed at least once in the data: "
                        + "recall over those %.3f)%n",
                recall, hit.size(), flaky.size(), detectable.size(), detectableRecall);
        out.printf(
                "   real regressions flagged as flaky: %d of %d; broken-environment tests flagged: %d of %d%n",
                regressionsFlagged.size(),
                truth.regressionTests().size(),
                envFlagged.size(),
                truth.brokenEnvironmentTests().size());
        out.printf(
                "   infrastructure runs set apart: %d (simulated: %d)%n",
                infraFound, truth.infraRuns().size());
        if (!wrong.isEmpty()) {
            out.println("   flagged but not flaky: "
                    + wrong.stream().sorted().limit(10).toList());
        }
        Set<String> missed = new HashSet<>(detectable);
        missed.removeAll(predicted);
        if (!missed.isEmpty()) {
            out.println("   flaky, failed, but not flagged: "
                    + missed.stream().sorted().limit(10).toList());
        }
    }

    private static void printChanges(PrintWriter out, DemoChangepoints.Score c) {
        out.printf(
                "5. Since when: %d tests started flaking or broke at a known commit, seen on %d main-line histories"
                        + " (test x builder);%n   a change found in %d, its 99%% interval holds the true commit in %d"
                        + " (%.1f%%, goal >= 95%%), median width %.1f commits;%n   simulated reruns of the plan named one"
                        + " commit in %d, in a median of %.1f rounds (goal <= 4), the true one in %d%n",
                c.planted(),
                c.histories(),
                c.found(),
                c.covered(),
                100.0 * c.covered() / Math.max(1, c.found()),
                c.medianWidth(),
                c.planned(),
                c.medianRounds(),
                c.right());
    }

    private static String seconds(long start) {
        return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }

    /** Removes an earlier demo's data, and only that: the simulator refuses to overwrite. */
    private static void clean(Path data) throws IOException {
        if (!Files.exists(data)) {
            return;
        }
        if (!Files.exists(data.resolve(CiSimulator.MANIFEST)) && !Files.exists(data.resolve(CiSimulator.TRUTH))) {
            throw new UserException(data + " exists and is not an earlier demo's output; choose another --dir", 1);
        }
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
