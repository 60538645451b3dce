package io.flakelens.app.demo;

import io.flakelens.app.demo.Timeline.Change;
import io.flakelens.app.demo.Timeline.Patchset;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What goes wrong in the simulated history, decided before any run is written: which tests flake
 * and how often, which breakages land on the main line or on a change, which builder's environment
 * breaks a suite and when. Each test gets at most one cause, so the truth can name one kind a test.
 */
final class Incidents {
    /**
     * How much likelier a test of a later job is to flake than one of the first (unit) job, and how
     * much of the (log) rate range unit flakes reach. Flakes gather, and flake hardest, where timing,
     * networks and shared machines are; and the first job has no in-run reruns by default, so with
     * uniform picks it would fail most of its runs.
     */
    private static final double LATER_JOB_FLAKE_WEIGHT = 6;

    private static final double UNIT_FLAKE_RATE_RANGE = 0.5;
    /** Lengths of main-line breakages after the first, which is always a single revision. */
    private static final int[] BREAK_LENGTHS = {2, 3, 5, 8};
    /**
     * Flaky tests whose rate is at least this may have started flaking mid-history, every second of
     * them. A rarer flake that starts halfway fails too seldom after its start for anyone (or any
     * method) to say when it began, and the demo measures exactly that.
     */
    private static final double LATE_START_MIN_RATE = 0.05;

    /** A main-line breakage: the revisions in {@code [from, to)} and every change based on one fail the tests. */
    record MainlineBreak(int from, int to, int[] tests, long salt) {
        boolean covers(int revision) {
            return revision >= from && revision < to;
        }
    }

    /** A change that breaks a test on the patchsets whose code is in {@code equivalences}. */
    record ChangeBreak(Change change, Set<String> equivalences, List<String> patchsets, int test, long salt) {}

    /** A builder on which a whole module fails from {@code from} (inclusive) to {@code to} (exclusive). */
    record EnvBreak(int builder, int module, Instant from, Instant to) {
        boolean covers(int runBuilder, Instant at) {
            return runBuilder == builder && !at.isBefore(from) && at.isBefore(to);
        }
    }

    private final double[] flakeRate;
    private final int[] flakeBuilder;
    private final int[] flakeMode;
    /** The main-line revision index a flaky test starts flaking at; 0 when it flaked all along. */
    private final int[] flakeSince;

    private final int[] mainlineOf;
    private final int[] changeOf;
    private final List<MainlineBreak> mainline = new ArrayList<>();
    private final List<ChangeBreak> changeBreaks = new ArrayList<>();
    private final List<EnvBreak> envs = new ArrayList<>();
    private final boolean[] envModule;

    Incidents(SimulationConfig config, TestCatalog catalog, Timeline timeline) {
        int n = catalog.tests().size();
        flakeRate = new double[n];
        flakeBuilder = new int[n];
        flakeMode = new int[n];
        flakeSince = new int[n];
        mainlineOf = new int[n];
        changeOf = new int[n];
        Arrays.fill(flakeBuilder, -1);
        Arrays.fill(mainlineOf, -1);
        Arrays.fill(changeOf, -1);
        envModule = new boolean[catalog.modules().size()];
        SplittableRandom rnd = Mix.random(config.seed(), "incidents");
        planEnvironments(config, catalog, rnd);
        List<SimTest> pool = new ArrayList<>();
        for (SimTest t : catalog.tests()) {
            if (!t.skipped() && !envModule[t.module()]) {
                pool.add(t);
            }
        }
        shuffle(pool, rnd);
        planMainline(config, timeline, pool, rnd);
        planChanges(config, timeline, pool, rnd);
        planFlakes(config, catalog, pool, rnd);
        planFlakeStarts(config, timeline, catalog);
    }

    private void planEnvironments(SimulationConfig config, TestCatalog catalog, SplittableRandom rnd) {
        // Slow suites on shared machinery are what break per builder; unit tests only when there is nothing else.
        List<SimModule> candidates = new ArrayList<>();
        for (SimModule m : catalog.modules()) {
            if (!m.gtest() && (m.job() > 0 || config.jobs().size() == 1)) {
                candidates.add(m);
            }
        }
        shuffle(candidates, rnd);
        Instant start = config.now().minus(Duration.ofDays(config.days()));
        long span = Duration.ofDays(config.days()).getSeconds();
        for (int i = 0; i < Math.min(config.brokenEnvironments(), candidates.size()); i++) {
            SimModule m = candidates.get(i);
            Instant from = start.plusSeconds((long) (span * (0.2 + 0.4 * rnd.nextDouble())) / 60 * 60);
            long length = (long) (span * (0.1 + 0.15 * rnd.nextDouble())) / 60 * 60;
            Instant to = from.plusSeconds(length);
            if (to.isAfter(config.now())) {
                to = config.now();
            }
            envs.add(new EnvBreak(rnd.nextInt(config.builders().size()), m.index(), from, to));
            envModule[m.index()] = true;
        }
    }

    private void planMainline(SimulationConfig config, Timeline timeline, List<SimTest> pool, SplittableRandom rnd) {
        int revisions = timeline.revisions().size();
        for (int i = 0; i < config.mainlineRegressions() && !pool.isEmpty(); i++) {
            int length = i == 0 ? 1 : BREAK_LENGTHS[rnd.nextInt(BREAK_LENGTHS.length)];
            length = Math.min(length, revisions - 1);
            // Keep breakages inside the history with room for the fix to land on the main line too.
            int lo = revisions / 10;
            int hi = Math.max(lo + 1, (int) (revisions * 0.9) - length);
            int from = Math.min(lo + rnd.nextInt(hi - lo), revisions - 1 - length);
            SimTest first = pool.remove(pool.size() - 1);
            List<SimTest> broken = new ArrayList<>(List.of(first));
            // A breakage often takes a neighbour of the same class with it.
            if (rnd.nextDouble() < 0.4) {
                for (int k = pool.size() - 1; k >= 0; k--) {
                    if (pool.get(k).classname().equals(first.classname())) {
                        broken.add(pool.remove(k));
                        break;
                    }
                }
            }
            int index = mainline.size();
            int[] tests = broken.stream().mapToInt(SimTest::index).toArray();
            mainline.add(new MainlineBreak(from, from + length, tests, rnd.nextLong()));
            for (int t : tests) {
                mainlineOf[t] = index;
            }
        }
    }

    private void planChanges(SimulationConfig config, Timeline timeline, List<SimTest> pool, SplittableRandom rnd) {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < config.changeRegressions() && !pool.isEmpty(); i++) {
            // Alternate: a change fixed by a later, really different patchset, and one abandoned.
            boolean fixed = i % 2 == 0;
            List<Change> candidates = new ArrayList<>();
            for (Change c : timeline.changes()) {
                if (!used.contains(c.id()) && (fixed ? c.merged() && firstRealRevision(c) > 0 : !c.merged())) {
                    candidates.add(c);
                }
            }
            if (candidates.isEmpty()) {
                continue;
            }
            Change c = candidates.get(rnd.nextInt(candidates.size()));
            used.add(c.id());
            int cut = fixed ? firstRealRevision(c) : c.patchsets().size();
            Set<String> equivalences = new HashSet<>();
            List<String> patchsets = new ArrayList<>();
            for (Patchset p : c.patchsets().subList(0, cut)) {
                equivalences.add(p.equivalence());
                patchsets.add(p.numberText());
            }
            SimTest t = pool.remove(pool.size() - 1);
            changeOf[t.index()] = changeBreaks.size();
            changeBreaks.add(
                    new ChangeBreak(c, Set.copyOf(equivalences), List.copyOf(patchsets), t.index(), rnd.nextLong()));
        }
    }

    /** Position of the first patchset after the first that is not a trivial rebase, -1 if none. */
    private static int firstRealRevision(Change c) {
        for (int i = 1; i < c.patchsets().size(); i++) {
            if (!c.patchsets().get(i).trivialRebase()) {
                return i;
            }
        }
        return -1;
    }

    private void planFlakes(SimulationConfig config, TestCatalog catalog, List<SimTest> pool, SplittableRandom rnd) {
        int count = Math.min(pool.size(), (int) Math.round(config.flakyFraction() * config.tests()));
        // Weighted sampling without replacement (Efraimidis-Spirakis): the largest u^(1/w) win.
        double[] keys = new double[pool.size()];
        Integer[] order = new Integer[pool.size()];
        boolean[] unit = new boolean[pool.size()];
        for (int i = 0; i < keys.length; i++) {
            unit[i] = catalog.modules().get(pool.get(i).module()).job() == 0;
            keys[i] = StrictMath.pow(rnd.nextDouble(), unit[i] ? 1 : 1 / LATER_JOB_FLAKE_WEIGHT);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(keys[b], keys[a]));
        // StrictMath: the same bits on every platform, so the same rates in truth.json.
        double logMin = StrictMath.log(config.minFlakeRate());
        double logMax = StrictMath.log(config.maxFlakeRate());
        for (int i = 0; i < count; i++) {
            SimTest t = pool.get(order[i]);
            // Log-uniform: most flakes are rare, a few are bad, as in real suites.
            double range = unit[order[i]] ? UNIT_FLAKE_RATE_RANGE : 1;
            double rate = StrictMath.exp(logMin + (logMax - logMin) * range * rnd.nextDouble());
            // Four significant digits read well in truth.json and keep even tiny configured rates above 0.
            flakeRate[t.index()] =
                    new BigDecimal(rate).round(new MathContext(4)).doubleValue();
            if (config.builders().size() > 1 && rnd.nextDouble() < config.builderOnlyFlakyShare()) {
                flakeBuilder[t.index()] = rnd.nextInt(config.builders().size());
            }
            flakeMode[t.index()] = rnd.nextInt(FailureTexts.FLAKE_MODES);
        }
    }

    /**
     * Every second flaky test of at least {@link #LATE_START_MIN_RATE} starts flaking at a revision
     * between a fifth and two thirds into the history, so the history after it holds enough runs to
     * show the change. Its own random stream keeps every other incident as it was.
     */
    private void planFlakeStarts(SimulationConfig config, Timeline timeline, TestCatalog catalog) {
        SplittableRandom rnd = Mix.random(config.seed(), "flake-starts");
        int revisions = timeline.revisions().size();
        int lo = revisions / 5;
        int hi = Math.max(lo + 1, revisions * 2 / 3);
        boolean take = false;
        for (SimTest t : catalog.tests()) {
            if (flakeRate[t.index()] >= LATE_START_MIN_RATE && revisions > 2) {
                take = !take;
                if (take) {
                    flakeSince[t.index()] = lo + rnd.nextInt(hi - lo);
                }
            }
        }
    }

    /** Collections.shuffle takes only a java.util.Random before Java 21. */
    private static <T> void shuffle(List<T> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    /**
     * Per-attempt failure probability of the test in the run; 0 when it does not flake on the run's
     * builder or the run's code predates the flake.
     */
    double flakeRate(int test, RunSpec run) {
        int only = flakeBuilder[test];
        boolean there = only < 0 || only == run.builder();
        return there && run.base() >= flakeSince[test] ? flakeRate[test] : 0;
    }

    /** The revision index the test started flaking at; 0 when it flaked from the start. */
    int flakeSince(int test) {
        return flakeSince[test];
    }

    double flakeRate(int test) {
        return flakeRate[test];
    }

    int flakeBuilder(int test) {
        return flakeBuilder[test];
    }

    int flakeMode(int test) {
        return flakeMode[test];
    }

    /** The breakage failing this test in this run, as a salt for its message; 0 when none. */
    long breakage(int test, RunSpec run) {
        int m = mainlineOf[test];
        if (m >= 0 && mainline.get(m).covers(run.base())) {
            return mainline.get(m).salt() | 1;
        }
        int c = changeOf[test];
        if (c >= 0) {
            ChangeBreak b = changeBreaks.get(c);
            if (run.presubmit()
                    && run.change().id().equals(b.change().id())
                    && b.equivalences().contains(run.equivalence())) {
                return b.salt() | 1;
            }
        }
        return 0;
    }

    boolean brokenEnvironment(int module, RunSpec run) {
        if (!envModule[module]) {
            return false;
        }
        for (EnvBreak e : envs) {
            if (e.module() == module && e.covers(run.builder(), run.startedAt())) {
                return true;
            }
        }
        return false;
    }

    List<MainlineBreak> mainline() {
        return mainline;
    }

    List<ChangeBreak> changeBreaks() {
        return changeBreaks;
    }

    List<EnvBreak> environments() {
        return envs;
    }
}
