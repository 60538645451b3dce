package io.flakelens.app.demo;

import io.flakelens.app.demo.Incidents.ChangeBreak;
import io.flakelens.app.demo.Incidents.EnvBreak;
import io.flakelens.app.demo.Incidents.MainlineBreak;
import io.flakelens.app.demo.TestTruth.BrokenEnvironment;
import io.flakelens.app.demo.TestTruth.ChangeRegression;
import io.flakelens.app.demo.TestTruth.Flaky;
import io.flakelens.app.demo.TestTruth.MainlineRegression;
import io.flakelens.app.demo.Timeline.Change;
import io.flakelens.app.demo.Timeline.Revision;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a simulated CI history to a folder: JUnit XML reports per run, a {@code runs.jsonl}
 * manifest and the {@code truth.json} a detector can be scored against. The history is planned when
 * the simulator is built and is the same, byte for byte, for the same {@link SimulationConfig}.
 *
 * <pre>{@code
 * CiSimulator sim = new CiSimulator(SimulationConfig.defaults().withNow(Instant.now()));
 * SimulationResult r = sim.simulate(dir);   // then: flakelens ingest --manifest dir/runs.jsonl
 * Set<String> flaky = r.truth().flakyTests();
 * }</pre>
 */
public final class CiSimulator {
    public static final String MANIFEST = "runs.jsonl";
    public static final String TRUTH = "truth.json";
    public static final String REPORTS = "reports";

    /** Told after each run is written, so a command can draw a progress bar. */
    @FunctionalInterface
    public interface Progress {
        void runsWritten(int done, int total);
    }

    private final SimulationConfig config;
    private final TestCatalog catalog;
    private final OutcomeModel model;
    private final Incidents incidents;
    private final List<RunSpec> runs;
    private final SimulationTruth truth;

    public CiSimulator(SimulationConfig config) {
        this.config = config;
        this.catalog = new TestCatalog(config);
        Timeline timeline = new Timeline(config);
        this.incidents = new Incidents(config, catalog, timeline);
        this.model = new OutcomeModel(config, catalog, incidents);
        this.runs = new RunPlan(config, catalog, timeline, model).runs();
        this.truth = truth(timeline);
    }

    public SimulationConfig config() {
        return config;
    }

    /** The truth of the planned history; {@link #simulate} writes the same as {@code truth.json}. */
    public SimulationTruth truth() {
        return truth;
    }

    public int plannedRuns() {
        return runs.size();
    }

    public SimulationResult simulate(Path dir) throws IOException {
        return simulate(dir, (done, total) -> {});
    }

    /**
     * Writes the history into {@code dir}, created if missing. Refuses a folder that already holds
     * a simulation: leftover reports of another config would break the promise of identical output.
     */
    public SimulationResult simulate(Path dir, Progress progress) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of(MANIFEST, TRUTH, REPORTS)) {
            if (Files.exists(dir.resolve(name))) {
                throw new FileAlreadyExistsException(
                        dir.resolve(name).toString(),
                        null,
                        "the folder already holds a simulated history; choose an empty one");
            }
        }
        Path reportsDir = Files.createDirectory(dir.resolve(REPORTS));
        ReportWriter writer = new ReportWriter(catalog, incidents);
        RunManifest manifest = new RunManifest(config);
        long results = 0;
        long attempts = 0;
        int reports = 0;
        long reportBytes = 0;
        Path manifestFile = dir.resolve(MANIFEST);
        try (BufferedWriter out = Files.newBufferedWriter(manifestFile, StandardCharsets.UTF_8)) {
            int done = 0;
            for (RunSpec run : runs) {
                RunOutcome o = model.simulate(run);
                Path runDir = Files.createDirectory(reportsDir.resolve(run.id()));
                reportBytes += writer.write(run, o, runDir);
                List<String> names = new ArrayList<>();
                for (SimModule m : catalog.modulesOf(run.job())) {
                    names.add(REPORTS + "/" + run.id() + "/" + m.file());
                }
                reports += names.size();
                results += o.results();
                attempts += o.attempts();
                out.write(manifest.line(run, o.failed(), names));
                progress.runsWritten(++done, runs.size());
            }
        }
        byte[] truthBytes = TruthFile.bytes(truth);
        Files.write(dir.resolve(TRUTH), truthBytes);
        long bytes = reportBytes + Files.size(manifestFile) + truthBytes.length;
        return new SimulationResult(dir, runs.size(), results, attempts, reports, reportBytes, bytes, truth);
    }

    private SimulationTruth truth(Timeline timeline) {
        Map<String, TestTruth> tests = new HashMap<>();
        List<SimTest> all = catalog.tests();
        for (SimTest t : all) {
            double rate = incidents.flakeRate(t.index());
            if (rate > 0) {
                int only = incidents.flakeBuilder(t.index());
                int since = incidents.flakeSince(t.index());
                tests.put(
                        t.id(),
                        new Flaky(
                                rate,
                                only < 0 ? null : config.builders().get(only),
                                since > 0 ? timeline.revisions().get(since).sha() : null));
            }
        }
        List<Revision> revisions = timeline.revisions();
        for (MainlineBreak b : incidents.mainline()) {
            List<String> shas = revisions.subList(b.from(), b.to()).stream()
                    .map(Revision::sha)
                    .toList();
            List<String> changes = timeline.changes().stream()
                    .filter(c -> b.covers(c.base()))
                    .map(Change::id)
                    .toList();
            String fixed = b.to() < revisions.size() ? revisions.get(b.to()).sha() : null;
            for (int t : b.tests()) {
                tests.put(all.get(t).id(), new MainlineRegression(jobOf(t), shas.get(0), fixed, shas, changes));
            }
        }
        for (ChangeBreak b : incidents.changeBreaks()) {
            tests.put(
                    all.get(b.test()).id(),
                    new ChangeRegression(
                            jobOf(b.test()),
                            b.change().id(),
                            b.patchsets(),
                            b.change().merged()));
        }
        List<BrokenEnvironment> envs = new ArrayList<>();
        for (EnvBreak e : incidents.environments()) {
            SimModule m = catalog.modules().get(e.module());
            BrokenEnvironment env = new BrokenEnvironment(
                    config.builders().get(e.builder()),
                    config.jobs().get(m.job()),
                    m.name(),
                    m.file(),
                    e.from(),
                    e.to());
            envs.add(env);
            for (int t = m.from(); t < m.to(); t++) {
                if (!all.get(t).skipped()) {
                    tests.put(all.get(t).id(), env);
                }
            }
        }
        List<String> infra =
                runs.stream().filter(RunSpec::infra).map(RunSpec::id).toList();
        return new SimulationTruth(
                config.seed(),
                config.now(),
                all.size(),
                tests,
                FailureTexts.INFRA_TYPE + ": " + FailureTexts.INFRA_MESSAGE,
                infra,
                envs,
                revisions.stream().map(Revision::sha).toList());
    }

    private String jobOf(int test) {
        return config.jobs()
                .get(catalog.modules().get(catalog.tests().get(test).module()).job());
    }
}
