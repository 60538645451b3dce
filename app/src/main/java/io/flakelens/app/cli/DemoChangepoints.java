package io.flakelens.app.cli;

import io.flakelens.app.demo.SimulatedReruns;
import io.flakelens.app.demo.SimulationTruth;
import io.flakelens.app.demo.TestTruth;
import io.flakelens.core.changepoint.Changepoint;
import io.flakelens.core.changepoint.CommitRuns;
import io.flakelens.core.changepoint.RerunPlanner;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.store.Database;
import io.flakelens.store.changepoint.SegmentedHistory;
import io.flakelens.store.changepoint.TestChanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * The demo's check of "since when, and which commit": over the tests the simulator made start
 * flaking, or break, at a known main-line commit, segments each of their histories (one per
 * builder) as the store does and asks whether a change was found there, whether its 99% interval
 * holds the true commit, how wide it is, and how many rounds of reruns (simulated at the true
 * rates) the rerun plan needs to name one commit.
 */
final class DemoChangepoints {
    /**
     * @param planted    tests with a known start commit
     * @param histories  their histories (test x builder) with runs on both sides of the start
     * @param found      histories in which a flaky or failing segment began somewhere
     * @param covered    of those, histories whose interval nearest the truth holds the true commit
     * @param planned    histories whose rerun plan named one commit within the round limit
     * @param right      of those, named the true commit
     */
    record Score(
            int planted,
            int histories,
            int found,
            int covered,
            double medianWidth,
            int planned,
            double medianRounds,
            int right) {}

    /** A planted change: the main-line position it began at and the chance a run fails at a position. */
    private record Planted(String builder, int start, IntToDoubleFunction failureAt) {}

    private DemoChangepoints() {}

    static Score score(Database db, SimulationTruth truth) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < truth.revisions().size(); i++) {
            position.put(truth.revisions().get(i), i);
        }
        Map<String, Planted> planted = new HashMap<>();
        truth.tests().forEach((id, t) -> {
            if (t instanceof TestTruth.Flaky f && f.since() != null) {
                int start = position.get(f.since());
                planted.put(id, new Planted(f.builder(), start, pos -> pos >= start ? f.rate() : 0));
            } else if (t instanceof TestTruth.MainlineRegression r) {
                int start = position.get(r.introduced());
                int end = r.fixed() == null ? Integer.MAX_VALUE : position.get(r.fixed());
                planted.put(id, new Planted(null, start, pos -> pos >= start && pos < end ? 1 : 0));
            }
        });
        SimulatedReruns reruns = new SimulatedReruns(RerunPlanner.defaults());
        SplittableRandom rnd = new SplittableRandom(truth.seed());
        int[] counts = new int[5]; // histories, found, covered, planned, right
        List<Integer> widths = new ArrayList<>();
        List<Integer> rounds = new ArrayList<>();
        new TestChanges(db).each(h -> {
            String id = h.history().suite() + "::" + h.history().name();
            Planted p = planted.get(id);
            if (p == null
                    || (p.builder() != null && !p.builder().equals(h.history().builder()))) {
                return;
            }
            List<String> revisions =
                    h.history().commits().stream().map(CommitRuns::revision).toList();
            int[] pos = revisions.stream().mapToInt(position::get).toArray();
            int truthAt = -1;
            for (int k = 0; k < pos.length && truthAt < 0; k++) {
                truthAt = pos[k] >= p.start() ? k : -1;
            }
            if (truthAt <= 0) {
                return; // no runs on one side of the change: nothing could place it
            }
            counts[0]++;
            Segment nearest = nearestChange(h, truthAt);
            if (nearest == null) {
                return;
            }
            Changepoint c = nearest.start();
            counts[1]++;
            widths.add(c.width());
            counts[2] += c.lower() < truthAt && truthAt <= c.upper() ? 1 : 0;
            SimulatedReruns.Narrowed n = reruns.narrow(
                    revisions,
                    c.lower(),
                    c.upper(),
                    nearest.unexpectedRate(),
                    k -> p.failureAt().applyAsDouble(pos[k]),
                    rnd);
            if (n.done()) {
                counts[3]++;
                rounds.add(n.rounds());
                counts[4] += n.culprit().equals(revisions.get(truthAt)) ? 1 : 0;
            }
        });
        return new Score(
                planted.size(),
                counts[0],
                counts[1],
                counts[2],
                SimulatedReruns.median(widths),
                counts[3],
                SimulatedReruns.median(rounds),
                counts[4]);
    }

    /** Of the segments that began flaky or failing, the one whose likeliest start is nearest the truth. */
    private static Segment nearestChange(SegmentedHistory h, int truthAt) {
        Segment best = null;
        for (Segment s : h.segments()) {
            if (s.start() == null || s.state() == Segment.State.STABLE) {
                continue;
            }
            if (best == null
                    || Math.abs(s.start().at() - truthAt)
                            < Math.abs(best.start().at() - truthAt)) {
                best = s;
            }
        }
        return best;
    }
}
