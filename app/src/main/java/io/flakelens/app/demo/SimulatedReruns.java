package io.flakelens.app.demo;

import io.flakelens.core.changepoint.Probe;
import io.flakelens.core.changepoint.RerunPlan;
import io.flakelens.core.changepoint.RerunPlanner;
import io.flakelens.core.changepoint.Reruns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Follows a rerun plan round after round where the truth is known: each probe's reruns fail at the
 * true rate of its commit, as the CI would have run them. Measures how many rounds the plan needs
 * to name one commit, and whether it names the right one.
 */
public final class SimulatedReruns {
    /** A plan that has not named a commit after this many rounds is counted as stuck. */
    private static final int MAX_ROUNDS = 30;

    private final RerunPlanner planner;

    public SimulatedReruns(RerunPlanner planner) {
        this.planner = planner;
    }

    /**
     * @param rounds  rounds of parallel reruns until one commit remained, or -1 when none did in time
     * @param culprit the commit named, or null
     */
    public record Narrowed(int rounds, String culprit) {
        public boolean done() {
            return culprit != null;
        }
    }

    /**
     * Narrows the interval (lower, upper] of a history of {@code revisions}.
     *
     * @param flakeRate the failure rate the plan assumes (the new segment's)
     * @param failureAt the true chance that one rerun at a commit index fails
     */
    public Narrowed narrow(
            List<String> revisions,
            int lower,
            int upper,
            double flakeRate,
            IntToDoubleFunction failureAt,
            SplittableRandom rnd) {
        Map<Integer, Reruns> reruns = new HashMap<>();
        RerunPlan plan = planner.plan(revisions, lower, upper, flakeRate, reruns);
        int round = 0;
        while (!plan.done() && round < MAX_ROUNDS) {
            round++;
            for (Probe probe : plan.probes()) {
                double p = failureAt.applyAsDouble(probe.index());
                int failures = 0;
                for (int k = 0; k < probe.iterations(); k++) {
                    failures += rnd.nextDouble() < p ? 1 : 0;
                }
                Reruns had = reruns.getOrDefault(probe.index(), new Reruns(0, 0));
                reruns.put(probe.index(), new Reruns(had.runs() + probe.iterations(), had.failures() + failures));
            }
            plan = planner.plan(revisions, lower, upper, flakeRate, reruns);
        }
        return plan.done() ? new Narrowed(round, plan.culprit()) : new Narrowed(-1, null);
    }

    /** The median of rounds or widths; NaN when there are none. */
    public static double median(List<Integer> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Integer> s = new java.util.ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }
}
