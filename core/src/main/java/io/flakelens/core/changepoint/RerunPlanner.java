package io.flakelens.core.changepoint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans reruns that narrow a changepoint to one commit, in the manner of Chromium Findit's flake
 * analyzer. Immutable; one object serves every test.
 *
 * <p>Each probe reruns the test at one commit often enough to see a failure with 99% probability at
 * the new behaviour's flake rate p: {@code ceil(ln 0.01 / ln(1 - p))}, between 30 and 400 runs (a
 * test that fails one run in a hundred needs 459; past 400 a probe costs more than it tells). A
 * probe whose pass rate is above 98% behaves as before the change; anything else behaves the new
 * way. Inside a known interval, {@code probesPerRound} commits split it evenly, so each round of
 * parallel reruns divides it by that number plus one (three probes: 16 commits in two rounds).
 * Without an interval, the lookback goes back from the earliest bad commit by 1, 4, 9, 16 ... commits
 * (Findit's squares) until a probe passes. A probe misses a flake of rate p 1% of the time by
 * design, so a named culprit is right about 99% of the time per probe that cleared a commit.
 */
public final class RerunPlanner {
    private final int probesPerRound;
    private final double seeFailure;
    private final int minIterations;
    private final int maxIterations;
    private final double passingAbove;

    private RerunPlanner(
            int probesPerRound, double seeFailure, int minIterations, int maxIterations, double passingAbove) {
        this.probesPerRound = probesPerRound;
        this.seeFailure = seeFailure;
        this.minIterations = minIterations;
        this.maxIterations = maxIterations;
        this.passingAbove = passingAbove;
    }

    public static RerunPlanner defaults() {
        return new RerunPlanner(3, 0.99, 30, 400, 0.98);
    }

    /** Reruns a probe needs at flake rate {@code p}. */
    public int iterations(double p) {
        if (!(p > 0)) {
            return maxIterations;
        }
        if (p >= 1) {
            return minIterations;
        }
        double n = Math.ceil(Math.log(1 - seeFailure) / Math.log(1 - p));
        return (int) Math.max(minIterations, Math.min(maxIterations, n));
    }

    /**
     * The next round.
     *
     * @param revisions commits in order, oldest first
     * @param lower     newest commit index known to behave as before, or -1 when unknown (lookback)
     * @param upper     oldest commit index known to behave the new way
     * @param flakeRate the new behaviour's failure rate, which sets the reruns per probe
     * @param reruns    reruns already made, by commit index
     */
    public RerunPlan plan(List<String> revisions, int lower, int upper, double flakeRate, Map<Integer, Reruns> reruns) {
        if (upper < 0 || upper >= revisions.size() || lower >= upper) {
            throw new IllegalArgumentException(
                    "need -1 <= lower < upper < " + revisions.size() + ": " + lower + ", " + upper);
        }
        int need = iterations(flakeRate);
        // What the reruns so far settle. A failure at a pass rate of 98% or less shows the new way (one
        // failure is proof however few the runs); passing as before needs the full count of reruns.
        for (Map.Entry<Integer, Reruns> e : reruns.entrySet()) {
            Reruns r = e.getValue();
            if (e.getKey() > lower && e.getKey() < upper && r.failures() > 0 && r.passRate() <= passingAbove) {
                upper = e.getKey();
            }
        }
        for (Map.Entry<Integer, Reruns> e : reruns.entrySet()) {
            Reruns r = e.getValue();
            if (e.getKey() > lower && e.getKey() < upper && r.runs() >= need && r.passRate() > passingAbove) {
                lower = e.getKey();
            }
        }
        if (lower >= 0 && upper - lower == 1) {
            return new RerunPlan(lower, upper, need, List.of(), revisions.get(upper));
        }
        Set<Integer> picks = new LinkedHashSet<>();
        if (lower < 0) {
            for (int step = 1; picks.size() < probesPerRound; step++) {
                int i = upper - step * step;
                if (i < 0) {
                    if (upper > 0) {
                        picks.add(0); // the oldest commit there is ends the lookback
                    }
                    break;
                }
                picks.add(i);
            }
            if (picks.isEmpty()) {
                // the oldest commit known already behaves the new way: nothing older to rerun
                return new RerunPlan(lower, upper, need, List.of(), revisions.get(upper));
            }
        } else {
            int span = upper - lower;
            int k = Math.min(probesPerRound, span - 1);
            for (int j = 1; j <= k; j++) {
                int i = lower + (int) Math.round((double) j * span / (k + 1));
                if (i > lower && i < upper) {
                    picks.add(i);
                }
            }
        }
        List<Probe> probes = new ArrayList<>();
        for (int i : picks) {
            Reruns done = reruns.get(i);
            int have = done == null ? 0 : done.runs();
            probes.add(new Probe(revisions.get(i), i, Math.max(1, need - have)));
        }
        return new RerunPlan(lower, upper, need, probes, null);
    }
}
