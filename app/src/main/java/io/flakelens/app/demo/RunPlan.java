package io.flakelens.app.demo;

import io.flakelens.app.demo.Timeline.Change;
import io.flakelens.app.demo.Timeline.Patchset;
import io.flakelens.app.demo.Timeline.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every run of the history, in start-time order with its id: every job on every builder for each
 * main-line revision (post-submit) and for each patchset of each change (presubmit), plus a second
 * attempt of some failed presubmit runs, as a commit queue retries them.
 */
final class RunPlan {
    /** Forks a Surefire run spreads its tests over, for a plausible wall time. */
    private static final int FORKS = 4;

    private static final long SETUP_MILLIS = 90_000;

    private final List<RunSpec> runs;

    RunPlan(SimulationConfig config, TestCatalog catalog, Timeline timeline, OutcomeModel model) {
        long[] nominal = nominalMillis(config, catalog);
        List<RunSpec> specs = new ArrayList<>();
        for (Revision r : timeline.revisions()) {
            addRuns(config, nominal, specs, "post:" + r.index(), r.time(), r, null, null, 1);
        }
        for (Change c : timeline.changes()) {
            for (Patchset p : c.patchsets()) {
                addRuns(config, nominal, specs, "pre:" + c.id() + ":" + p.number(), p.uploaded(), null, c, p, 1);
            }
        }
        markInfra(config, specs);
        addRetries(config, model, specs);
        specs.sort(Comparator.comparing(RunSpec::startedAt).thenComparing(RunSpec::key));
        Map<String, Integer> numbers = new HashMap<>();
        List<RunSpec> named = new ArrayList<>(specs.size());
        for (RunSpec s : specs) {
            String lane = config.jobs().get(s.job()) + "-" + config.builders().get(s.builder());
            int number = numbers.merge(lane, 1, Integer::sum);
            named.add(s.withId(lane + "-" + number));
        }
        this.runs = List.copyOf(named);
    }

    List<RunSpec> runs() {
        return runs;
    }

    private static long[] nominalMillis(SimulationConfig config, TestCatalog catalog) {
        long[] out = new long[config.jobs().size()];
        for (SimModule m : catalog.modules()) {
            for (int t = m.from(); t < m.to(); t++) {
                out[m.job()] += catalog.tests().get(t).baseMillis();
            }
        }
        for (int j = 0; j < out.length; j++) {
            out[j] = SETUP_MILLIS + out[j] / FORKS;
        }
        return out;
    }

    private static void addRuns(
            SimulationConfig config,
            long[] nominal,
            List<RunSpec> into,
            String what,
            Instant ready,
            Revision revision,
            Change change,
            Patchset patchset,
            int attempt) {
        for (int j = 0; j < config.jobs().size(); j++) {
            for (int b = 0; b < config.builders().size(); b++) {
                String key = what + ":" + config.jobs().get(j) + ":"
                        + config.builders().get(b) + ":" + attempt;
                long seed = Mix.of(config.seed(), key);
                // Builders pick the work up one to twenty minutes after it is ready.
                Instant start = ready.plusSeconds(60 + Math.floorMod(Mix.mix(seed), 1_140L));
                long duration = (long) (nominal[j] * (0.85 + 0.3 * Mix.unit(Mix.mix(seed + 1))));
                into.add(new RunSpec(
                        null, key, seed, j, b, start, duration, revision, change, patchset, attempt, false));
            }
        }
    }

    /** Infrastructure failures hit the suites that need a cluster: every job but the first, if there are others. */
    private static void markInfra(SimulationConfig config, List<RunSpec> specs) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).job() > 0 || config.jobs().size() == 1) {
                candidates.add(i);
            }
        }
        SplittableRandom rnd = Mix.random(config.seed(), "infra");
        for (int k = 0; k < config.infraRuns() && !candidates.isEmpty(); k++) {
            int i = candidates.remove(rnd.nextInt(candidates.size()));
            specs.set(i, specs.get(i).withInfra());
        }
    }

    private static void addRetries(SimulationConfig config, OutcomeModel model, List<RunSpec> specs) {
        int firstAttempts = specs.size();
        for (int i = 0; i < firstAttempts; i++) {
            RunSpec s = specs.get(i);
            if (!s.presubmit()
                    || Mix.unit(Mix.mix(s.seed() + 2)) >= config.runRetryRate()
                    || !model.simulate(s).failed()) {
                continue;
            }
            String key = s.key().substring(0, s.key().length() - 1) + "2";
            long seed = Mix.of(config.seed(), key);
            Instant start = s.startedAt().plusSeconds(s.durationMs() / 1000 + 120 + Math.floorMod(seed, 1_080L));
            if (start.isAfter(config.now())) {
                continue;
            }
            long duration = (long) (s.durationMs() * (0.9 + 0.2 * Mix.unit(Mix.mix(seed + 1))));
            specs.add(new RunSpec(
                    null, key, seed, s.job(), s.builder(), start, duration, null, s.change(), s.patchset(), 2, false));
        }
    }
}
