package io.flakelens.bench;

import io.flakelens.app.demo.SimulatedReruns;
import io.flakelens.core.changepoint.Changepoint;
import io.flakelens.core.changepoint.CommitRuns;
import io.flakelens.core.changepoint.RerunPlanner;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.core.changepoint.Segmentation;
import io.flakelens.store.Database;
import io.flakelens.store.changepoint.CommitHistoryQuery;
import io.flakelens.store.changepoint.SegmentedHistory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * {@code bench --only changepoints}: on simulated main-line histories whose change commit is known
 * (tests that start flaking at 5% to 50%, and regressions that start failing outright), how often
 * the 99% interval holds the true commit, how wide it is, and how many rounds of planned reruns
 * narrow it to that commit; then the time to segment every test of a large stored history.
 */
public final class ChangepointBench {
    private final PrintWriter out;
    private final Path work;

    public ChangepointBench(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    /** What the simulation measured. */
    public record Accuracy(
            int histories,
            int found,
            int covered,
            double medianWidth,
            double medianRounds,
            int culpritsRight,
            int planned) {}

    public Accuracy simulate(int histories, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Segmentation seg = Segmentation.defaults();
        SimulatedReruns reruns = new SimulatedReruns(RerunPlanner.defaults());
        List<String> revisions = IntStream.range(0, 200).mapToObj(i -> "c" + i).toList();
        int found = 0;
        int covered = 0;
        int right = 0;
        int planned = 0;
        List<Integer> widths = new ArrayList<>();
        List<Integer> rounds = new ArrayList<>();
        for (int h = 0; h < histories; h++) {
            boolean regression = h % 4 == 0;
            double p = regression ? 1.0 : 0.05 + rnd.nextDouble() * 0.45;
            int change = 40 + rnd.nextInt(121);
            List<CommitRuns> commits = new ArrayList<>();
            for (int i = 0; i < revisions.size(); i++) {
                int runs = 1 + rnd.nextInt(3);
                int bad = 0;
                int afterRetry = 0;
                for (int k = 0; k < runs; k++) {
                    if (i >= change && rnd.nextDouble() < p) {
                        bad++;
                        afterRetry += regression ? 1 : 0;
                    }
                }
                commits.add(new CommitRuns(revisions.get(i), runs, bad, afterRetry));
            }
            List<Segment> segments = seg.segment(commits);
            Segment latest = segments.get(segments.size() - 1);
            Changepoint c = latest.start();
            if (c == null || latest.state() == Segment.State.STABLE) {
                continue;
            }
            found++;
            widths.add(c.width());
            if (c.lower() < change && change <= c.upper()) {
                covered++;
            }
            // plan reruns from the reported interval, simulating each probe's reruns at the true rates
            int from = change;
            double rate = p;
            SimulatedReruns.Narrowed n = reruns.narrow(
                    revisions, c.lower(), c.upper(), latest.unexpectedRate(), i -> i >= from ? rate : 0, rnd);
            if (n.done()) {
                planned++;
                rounds.add(n.rounds());
                right += n.culprit().equals(revisions.get(change)) ? 1 : 0;
            }
        }
        return new Accuracy(
                histories,
                found,
                covered,
                SimulatedReruns.median(widths),
                SimulatedReruns.median(rounds),
                right,
                planned);
    }

    public void run(long results) throws Exception {
        Accuracy a = simulate(1_000, 17);
        out.printf(
                "changepoints  %d simulated histories (200 commits, 1-3 runs each; 1 in 4 a regression, the rest"
                        + " start flaking at 5%% to 50%%): a change found in %d; the 99%% interval holds the true commit"
                        + " in %d of them (%.1f%%, goal >= 95%%); median interval %.1f commits; reruns narrowed %d to one"
                        + " commit in a median of %.1f rounds (goal <= 4), the true commit in %d (%.1f%%)%n",
                a.histories(),
                a.found(),
                a.covered(),
                100.0 * a.covered() / Math.max(1, a.found()),
                a.medianWidth(),
                a.planned(),
                a.medianRounds(),
                a.culpritsRight(),
                100.0 * a.culpritsRight() / Math.max(1, a.planned()));
        out.flush();
        Path dbFile = work.resolve("changepoints.db");
        Files.deleteIfExists(dbFile);
        try (Database db = Database.open(dbFile.toString())) {
            long stored = Benchmarks.loadHistory(db, results);
            long t0 = System.nanoTime();
            long[] counts = new long[4];
            Segmentation seg = Segmentation.defaults();
            // the same as TestChanges.each, with the segmentation's own share of the time kept apart
            new CommitHistoryQuery(db).each(history -> {
                long s0 = System.nanoTime();
                SegmentedHistory h = SegmentedHistory.of(history, seg);
                counts[3] += System.nanoTime() - s0;
                counts[0]++;
                counts[1] += h.segments().size();
                counts[2] += h.latestChange() != null ? 1 : 0;
            });
            double took = (System.nanoTime() - t0) / 1e9;
            out.printf(
                    "changepoints  segmented %,d histories (test x job x builder) over %,d stored results in %.2f s"
                            + " (goal < 10 s; reading %.2f s, segmenting %.2f s): %,d segments, %,d histories changed%n",
                    counts[0], stored, took, took - counts[3] / 1e9, counts[3] / 1e9, counts[1], counts[2]);
            out.flush();
        }
    }
}
