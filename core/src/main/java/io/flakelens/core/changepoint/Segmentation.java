package io.flakelens.core.changepoint;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.numbers.gamma.LogBeta;

/**
 * Cuts one test's history (commits in order) into segments of steady behaviour. Immutable; one
 * object serves every test.
 *
 * <p>Each segment is scored by the marginal likelihood of its runs under two beta-binomial models:
 * "a run had an unexpected result" with prior Beta(0.3, 0.5), which expects most tests to be
 * mostly fine but leaves room for broken ones, and "given that, every retry was unexpected too"
 * with prior Beta(0.5, 0.5) (Jeffreys: no opinion). Binary segmentation takes the best cut of a
 * stretch and keeps it when it raises the log-likelihood by more than {@code -ln(1e-4)}, about
 * 9.21: the data must be ten thousand times likelier with the cut than without, so a handful of
 * unlucky runs of a steady flake do not cut its history. Cuts fall only between commits, since
 * runs of one commit tested the same code.
 *
 * <p>A cut's position is uncertain: its posterior over the commits between its neighbouring cuts
 * (likelihood of the two sides for each position, a flat prior) gives the 99% interval.
 */
public final class Segmentation {
    private final double unexpectedAlpha;
    private final double unexpectedBeta;
    private final double retryAlpha;
    private final double retryBeta;
    private final double minGain;
    private final double intervalMass;

    private Segmentation(
            double unexpectedAlpha,
            double unexpectedBeta,
            double retryAlpha,
            double retryBeta,
            double minGain,
            double intervalMass) {
        this.unexpectedAlpha = unexpectedAlpha;
        this.unexpectedBeta = unexpectedBeta;
        this.retryAlpha = retryAlpha;
        this.retryBeta = retryBeta;
        this.minGain = minGain;
        this.intervalMass = intervalMass;
    }

    public static Segmentation defaults() {
        return new Segmentation(0.3, 0.5, 0.5, 0.5, -Math.log(1e-4), 0.99);
    }

    /** The log-likelihood gain a cut needs. */
    public double minGain() {
        return minGain;
    }

    /** Segments in commit order; an empty history has none. */
    public List<Segment> segment(List<CommitRuns> history) {
        Sums s = new Sums(history);
        int n = history.size();
        if (n == 0) {
            return List.of();
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        List<int[]> todo = new ArrayList<>();
        todo.add(new int[] {0, n - 1});
        while (!todo.isEmpty()) {
            int[] r = todo.remove(todo.size() - 1);
            int lo = r[0];
            int hi = r[1];
            if (hi <= lo || uniform(s, lo, hi)) {
                continue;
            }
            double whole = logLikelihood(s, lo, hi);
            int best = -1;
            double bestLl = Double.NEGATIVE_INFINITY;
            for (int p = lo + 1; p <= hi; p++) {
                double ll = logLikelihood(s, lo, p - 1) + logLikelihood(s, p, hi);
                if (ll > bestLl) {
                    bestLl = ll;
                    best = p;
                }
            }
            if (bestLl - whole > minGain) {
                cuts.add(best);
                todo.add(new int[] {lo, best - 1});
                todo.add(new int[] {best, hi});
            }
        }
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        starts.addAll(cuts);
        List<Segment> out = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int first = starts.get(k);
            int last = k + 1 < starts.size() ? starts.get(k + 1) - 1 : n - 1;
            Changepoint start = null;
            if (k > 0) {
                start = interval(s, starts.get(k - 1), first, last);
            }
            long runs = s.runs(first, last);
            long unexpected = s.unexpected(first, last);
            long afterRetry = s.afterRetry(first, last);
            out.add(new Segment(first, last, runs, unexpected, afterRetry, state(runs, unexpected, afterRetry), start));
        }
        return out;
    }

    /**
     * The posterior of a cut's position: every first-commit {@code p} in (from, to] is weighed by the
     * likelihood of [from, p-1] and [p, to], the stretch between the neighbouring cuts.
     */
    private Changepoint interval(Sums s, int from, int cut, int to) {
        int m = to - from;
        double[] ll = new double[m];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            int p = from + 1 + i;
            ll[i] = logLikelihood(s, from, p - 1) + logLikelihood(s, p, to);
            max = Math.max(max, ll[i]);
        }
        double total = 0;
        for (int i = 0; i < m; i++) {
            ll[i] = Math.exp(ll[i] - max);
            total += ll[i];
        }
        double tail = (1 - intervalMass) / 2;
        double cumulative = 0;
        int lowIdx = -1;
        int highIdx = -1;
        int at = cut;
        double best = -1;
        for (int i = 0; i < m; i++) {
            double w = ll[i] / total;
            if (w > best) {
                best = w;
                at = from + 1 + i;
            }
            cumulative += w;
            if (lowIdx < 0 && cumulative > tail) {
                lowIdx = i;
            }
            if (highIdx < 0 && cumulative >= 1 - tail) {
                highIdx = i;
            }
        }
        if (highIdx < 0) {
            highIdx = m - 1; // rounding left the last few ulps short of 1 - tail
        }
        double mass = 0;
        for (int i = lowIdx; i <= highIdx; i++) {
            mass += ll[i] / total;
        }
        // first new commit in [from+1+lowIdx, from+1+highIdx]: after (exclusive) the commit before it
        return new Changepoint(at, from + lowIdx, from + 1 + highIdx, Math.min(1.0, mass));
    }

    /**
     * A stretch whose runs all had the same verdict (all expected, or all unexpected even after
     * retries) is never worth a cut, so it is not searched: most tests on most job and builder
     * histories never fail. Exact, not a heuristic: with the counts of one side all of one kind,
     * the log marginal likelihood of n such runs has increasing increments in n (it is convex), so
     * splitting n into two parts never scores above keeping them whole.
     */
    private static boolean uniform(Sums s, int lo, int hi) {
        long u = s.unexpected(lo, hi);
        return u == 0 || (u == s.runs(lo, hi) && s.afterRetry(lo, hi) == u);
    }

    private static Segment.State state(long runs, long unexpected, long afterRetry) {
        if (unexpected == 0) {
            return Segment.State.STABLE;
        }
        // nearly all runs failed even after retries: the rerun plan's "stable" bound (98%) on the failing side
        return afterRetry >= 0.98 * runs ? Segment.State.FAILING : Segment.State.FLAKY;
    }

    /** Log marginal likelihood of the runs of commits [lo, hi] under both beta-binomial models. */
    double logLikelihood(Sums s, int lo, int hi) {
        long n = s.runs(lo, hi);
        long u = s.unexpected(lo, hi);
        long r = s.afterRetry(lo, hi);
        return LogBeta.value(unexpectedAlpha + u, unexpectedBeta + n - u)
                - LogBeta.value(unexpectedAlpha, unexpectedBeta)
                + LogBeta.value(retryAlpha + r, retryBeta + u - r)
                - LogBeta.value(retryAlpha, retryBeta);
    }

    /** Prefix sums, so any stretch's counts cost O(1). */
    static final class Sums {
        private final long[] runs;
        private final long[] unexpected;
        private final long[] afterRetry;

        Sums(List<CommitRuns> history) {
            int n = history.size();
            runs = new long[n + 1];
            unexpected = new long[n + 1];
            afterRetry = new long[n + 1];
            for (int i = 0; i < n; i++) {
                CommitRuns c = history.get(i);
                runs[i + 1] = runs[i] + c.runs();
                unexpected[i + 1] = unexpected[i] + c.unexpected();
                afterRetry[i + 1] = afterRetry[i] + c.unexpectedAfterRetry();
            }
        }

        long runs(int lo, int hi) {
            return runs[hi + 1] - runs[lo];
        }

        long unexpected(int lo, int hi) {
            return unexpected[hi + 1] - unexpected[lo];
        }

        long afterRetry(int lo, int hi) {
            return afterRetry[hi + 1] - afterRetry[lo];
        }
    }
}
