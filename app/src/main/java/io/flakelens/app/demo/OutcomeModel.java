package io.flakelens.app.demo;

import java.util.Arrays;
import java.util.List;

/**
 * Decides each test's attempts in a run from the incidents. A test that a breakage, a broken
 * environment or the infrastructure fails, fails every attempt (reruns included); a flaky test fails
 * each attempt independently with its rate, so the share of runs in which it fails at least once is
 * its rate whether or not the job reruns.
 */
final class OutcomeModel {
    private static final int DRAW_FLAKE = 1;
    private static final int DRAW_TIME = 2;
    private static final int DRAW_INFRA = 3;
    private static final int DRAW_TEXT = 4;
    /** Infrastructure failures take out 70-95% of a run's tests. */
    private static final double INFRA_MIN = 0.70;

    private static final double INFRA_SPREAD = 0.25;

    private final SimulationConfig config;
    private final TestCatalog catalog;
    private final Incidents incidents;
    private final List<SimTest> tests;

    OutcomeModel(SimulationConfig config, TestCatalog catalog, Incidents incidents) {
        this.config = config;
        this.catalog = catalog;
        this.incidents = incidents;
        this.tests = catalog.tests();
    }

    RunOutcome simulate(RunSpec run) {
        List<SimModule> modules = catalog.modulesOf(run.job());
        int from = modules.get(0).from();
        int to = modules.get(modules.size() - 1).to();
        RunOutcome o = new RunOutcome(from, to);
        boolean[] infra = run.infra() ? infraVictims(run, from, to) : null;
        boolean reruns = config.rerunJobs().contains(config.jobs().get(run.job()));
        for (SimModule m : modules) {
            boolean env = incidents.brokenEnvironment(m.index(), run);
            int allowed = 1 + (reruns && !m.gtest() ? config.rerunCount() : 0);
            for (int t = m.from(); t < m.to(); t++) {
                int i = t - from;
                SimTest test = tests.get(t);
                double jitter = 0.75 + 0.5 * Mix.unit(Mix.of(run.seed(), t, DRAW_TIME));
                o.millis[i] = (int) Math.max(0, test.baseMillis() * jitter);
                if (test.skipped()) {
                    o.state[i] = RunOutcome.SKIP;
                    o.millis[i] = 0;
                } else if (env) {
                    failAll(o, i, allowed, RunOutcome.ENVIRONMENT);
                } else if (incidents.breakage(t, run) != 0) {
                    failAll(o, i, allowed, RunOutcome.BREAKAGE);
                } else if (infra != null && infra[i]) {
                    failAll(o, i, allowed, RunOutcome.INFRA);
                } else {
                    flake(o, i, run, t, allowed);
                }
            }
        }
        return o;
    }

    private static void failAll(RunOutcome o, int i, int allowed, byte cause) {
        o.state[i] = RunOutcome.FAIL;
        o.fails[i] = (byte) allowed;
        o.cause[i] = cause;
    }

    private void flake(RunOutcome o, int i, RunSpec run, int t, int allowed) {
        double p = incidents.flakeRate(t, run);
        int fails = 0;
        while (p > 0 && fails < allowed && Mix.unit(Mix.of(run.seed(), t, fails * 8L + DRAW_FLAKE)) < p) {
            fails++;
        }
        o.fails[i] = (byte) fails;
        if (fails > 0) {
            o.cause[i] = RunOutcome.FLAKE;
            o.state[i] = fails == allowed ? RunOutcome.FAIL : RunOutcome.FLAKY;
        }
    }

    /** Exactly the chosen share of the job's runnable tests, so "most tests failed" holds on any size. */
    private boolean[] infraVictims(RunSpec run, int from, int to) {
        int n = to - from;
        double share = INFRA_MIN + INFRA_SPREAD * Mix.unit(Mix.of(run.seed(), -1, DRAW_INFRA));
        long[] order = new long[n];
        int runnable = 0;
        for (int t = from; t < to; t++) {
            if (!tests.get(t).skipped()) {
                // High bits random, low bits the position: sorting shuffles without boxing.
                order[runnable++] = (Mix.of(run.seed(), t, DRAW_INFRA) & ~0xFFFFFL) | (t - from);
            }
        }
        Arrays.sort(order, 0, runnable);
        int victims = Math.min(runnable, (int) Math.ceil(share * n));
        boolean[] hit = new boolean[n];
        for (int k = 0; k < victims; k++) {
            hit[(int) (order[k] & 0xFFFFF)] = true;
        }
        return hit;
    }

    /** The seed of the words of one failed attempt, so reruns of a flake read differently. */
    static long textSeed(RunSpec run, int test, int attempt) {
        return Mix.of(run.seed(), test, attempt * 8L + DRAW_TEXT);
    }
}
