package io.flakelens.core.changepoint;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;

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
        int n = history.size();
        if (n == 0) {
            return List.of();
        }
        Sums s = sums(history);
        TreeSet<Integer> cuts = new TreeSet<>();
        if (!uniform(s, 0, n - 1)) {
            int[] candidates = candidates(history);
            List<int[]> todo = new ArrayList<>();
            todo.add(new int[] {0, n - 1});
            while (!todo.isEmpty()) {
                int[] r = todo.remove(todo.size() - 1);
                split(s, candidates, r[0], r[1], cuts, todo);
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
     * Cuts the stretch [lo, hi] once if that gains enough, else twice around a burst (a regression
     * fixed a few commits later, which one cut cannot isolate: either side still mixes it with the
     * steady runs), and queues the parts. Two cuts must gain twice what one must: each is a change
     * of its own, held to the same prior odds.
     */
    private void split(Sums s, int[] candidates, int lo, int hi, TreeSet<Integer> cuts, List<int[]> todo) {
        if (hi <= lo || uniform(s, lo, hi)) {
            return;
        }
        double whole = logLikelihood(s, lo, hi);
        int from = firstCandidateAbove(candidates, lo);
        int best = -1;
        double bestLl = Double.NEGATIVE_INFINITY;
        for (int c = from; c < candidates.length && candidates[c] <= hi; c++) {
            int p = candidates[c];
            double ll = logLikelihood(s, lo, p - 1) + logLikelihood(s, p, hi);
            if (ll > bestLl) {
                bestLl = ll;
                best = p;
            }
        }
        if (best > 0 && bestLl - whole > minGain) {
            cuts.add(best);
            todo.add(new int[] {lo, best - 1});
            todo.add(new int[] {best, hi});
            return;
        }
        int bestI = -1;
        int bestJ = -1;
        bestLl = Double.NEGATIVE_INFINITY;
        for (int a = from; a < candidates.length && candidates[a] <= hi; a++) {
            int i = candidates[a];
            double left = logLikelihood(s, lo, i - 1);
            for (int b = a + 1; b < candidates.length && candidates[b] <= hi; b++) {
                int j = candidates[b];
                double ll = left + logLikelihood(s, i, j - 1) + logLikelihood(s, j, hi);
                if (ll > bestLl) {
                    bestLl = ll;
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        if (bestI > 0 && bestLl - whole > 2 * minGain) {
            cuts.add(bestI);
            cuts.add(bestJ);
            todo.add(new int[] {lo, bestI - 1});
            todo.add(new int[] {bestI, bestJ - 1});
            todo.add(new int[] {bestJ, hi});
        }
    }

    /**
     * The commits a cut may fall before: only where the verdicts change. Inside a block of commits
     * whose runs were all expected (or all unexpected after retries) the likelihood of the two sides
     * is convex in the cut's position (see {@link #uniform}), so the best cut of a stretch, and the
     * best pair, lie at the edges of such blocks. A steady history of a rare flake has few.
     */
    private static int[] candidates(List<CommitRuns> history) {
        int n = history.size();
        int[] out = new int[n];
        int k = 0;
        for (int p = 1; p < n; p++) {
            int before = verdict(history.get(p - 1));
            int at = verdict(history.get(p));
            if (before != at || at == MIXED) {
                out[k++] = p;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    private static final int EXPECTED = 0;
    private static final int UNEXPECTED = 1;
    private static final int MIXED = 2;

    private static int verdict(CommitRuns c) {
        if (c.unexpected() == 0) {
            return EXPECTED;
        }
        return c.unexpected() == c.runs() && c.unexpectedAfterRetry() == c.runs() ? UNEXPECTED : MIXED;
    }

    private static int firstCandidateAbove(int[] candidates, int lo) {
        int i = java.util.Arrays.binarySearch(candidates, lo + 1);
        return i >= 0 ? i : -i - 1;
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
        int n = (int) s.runs(lo, hi);
        int u = (int) s.unexpected(lo, hi);
        int r = (int) s.afterRetry(lo, hi);
        // log B(a + u, b + n - u) - log B(a, b), from log-gamma tables: the searches evaluate it
        // millions of times on a large store
        Tables t = s.tables();
        return t.uA[u] + t.uB[n - u] - t.uAB[n] - t.uPrior + t.rA[r] + t.rB[u - r] - t.rAB[u] - t.rPrior;
    }

    /** The prefix sums and log-gamma tables of one history. */
    Sums sums(List<CommitRuns> history) {
        return new Sums(history, this);
    }

    /**
     * Prefix sums, so any stretch's counts cost O(1), and the log-gamma tables of the likelihood,
     * built on first use: most histories never fail, are never searched, and need none.
     */
    static final class Sums {
        private final long[] runs;
        private final long[] unexpected;
        private final long[] afterRetry;
        private final Segmentation model;
        private Tables tables;

        private Sums(List<CommitRuns> history, Segmentation model) {
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
            this.model = model;
        }

        Tables tables() {
            if (tables == null) {
                tables = new Tables(model, Math.toIntExact(runs[runs.length - 1]));
            }
            return tables;
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

    /** ln Γ(x + k) for the priors' x and k up to a history's run count, and the priors' own log B. */
    private static final class Tables {
        final double[] uA;
        final double[] uB;
        final double[] uAB;
        final double[] rA;
        final double[] rB;
        final double[] rAB;
        final double uPrior;
        final double rPrior;

        Tables(Segmentation m, int total) {
            uA = logGammas(m.unexpectedAlpha, total);
            uB = logGammas(m.unexpectedBeta, total);
            uAB = logGammas(m.unexpectedAlpha + m.unexpectedBeta, total);
            rA = logGammas(m.retryAlpha, total);
            rB = logGammas(m.retryBeta, total);
            rAB = logGammas(m.retryAlpha + m.retryBeta, total);
            uPrior = LogBeta.value(m.unexpectedAlpha, m.unexpectedBeta);
            rPrior = LogBeta.value(m.retryAlpha, m.retryBeta);
        }

        /** ln Γ(x + k) for k in [0, n], by the recurrence Γ(x + 1) = x Γ(x). */
        private static double[] logGammas(double x, int n) {
            double[] out = new double[n + 1];
            out[0] = LogGamma.value(x);
            for (int k = 1; k <= n; k++) {
                out[k] = out[k - 1] + Math.log(x + k - 1);
            }
            return out;
        }
    }
}
