package io.flakelens.core.changepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentationTest {
    final Segmentation seg = Segmentation.defaults();

    static CommitRuns pass(int i) {
        return new CommitRuns("c" + i, 1, 0, 0);
    }

    static CommitRuns fail(int i) {
        return new CommitRuns("c" + i, 1, 1, 1);
    }

    static CommitRuns flake(int i) {
        return new CommitRuns("c" + i, 1, 1, 0);
    }

    /**
     * The marginal likelihood computed independently: runs fed one at a time to a Beta-Bernoulli
     * model, multiplying each run's predictive probability (a / (a + b) updated by the counts so far).
     */
    static double sequentialLogLikelihood(List<CommitRuns> h, int lo, int hi) {
        double ll = 0;
        double uYes = 0, uNo = 0, rYes = 0, rNo = 0;
        for (int i = lo; i <= hi; i++) {
            CommitRuns c = h.get(i);
            for (int k = 0; k < c.runs(); k++) {
                boolean unexpected = k < c.unexpected();
                boolean afterRetry = k < c.unexpectedAfterRetry();
                double pU = (0.3 + uYes) / (0.3 + 0.5 + uYes + uNo);
                ll += Math.log(unexpected ? pU : 1 - pU);
                if (unexpected) {
                    uYes++;
                    double pR = (0.5 + rYes) / (1.0 + rYes + rNo);
                    ll += Math.log(afterRetry ? pR : 1 - pR);
                    if (afterRetry) {
                        rYes++;
                    } else {
                        rNo++;
                    }
                } else {
                    uNo++;
                }
            }
        }
        return ll;
    }

    /** Passing commits (1-3 runs each) with a few consecutive commits that failed outright, or no burst at all. */
    static List<CommitRuns> burst(Random rnd, int n) {
        int from = rnd.nextInt(n);
        int to = Math.min(n, from + rnd.nextInt(6));
        List<CommitRuns> h = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int runs = 1 + rnd.nextInt(3);
            boolean broken = i >= from && i < to;
            h.add(new CommitRuns("c" + i, runs, broken ? runs : 0, broken ? runs : 0));
        }
        return h;
    }

    static List<CommitRuns> random(Random rnd, int n) {
        List<CommitRuns> h = new ArrayList<>();
        double p = rnd.nextDouble() * 0.5;
        for (int i = 0; i < n; i++) {
            if (i == n / 2 && rnd.nextBoolean()) {
                p = rnd.nextBoolean() ? 0.9 : rnd.nextDouble();
            }
            int runs = 1 + rnd.nextInt(3);
            int u = 0;
            for (int k = 0; k < runs; k++) {
                u += rnd.nextDouble() < p ? 1 : 0;
            }
            int r = u == 0 ? 0 : rnd.nextInt(u + 1);
            h.add(new CommitRuns("c" + i, runs, u, r));
        }
        return h;
    }

    @Test
    void the_likelihood_matches_runs_fed_one_at_a_time() {
        Random rnd = new Random(7);
        for (int t = 0; t < 200; t++) {
            List<CommitRuns> h = random(rnd, 1 + rnd.nextInt(30));
            Segmentation.Sums s = seg.sums(h);
            int lo = rnd.nextInt(h.size());
            int hi = lo + rnd.nextInt(h.size() - lo);
            assertThat(seg.logLikelihood(s, lo, hi)).isCloseTo(sequentialLogLikelihood(h, lo, hi), within(1e-9));
        }
    }

    @Test
    void a_history_is_cut_exactly_when_the_best_split_gains_more_than_ln_ten_thousand_or_the_best_pair_twice_that() {
        assertThat(seg.minGain()).isCloseTo(9.2103, within(1e-4));
        Random rnd = new Random(11);
        int cut = 0;
        int kept = 0;
        int pairs = 0;
        for (int t = 0; t < 300; t++) {
            List<CommitRuns> h = t % 3 == 2 ? burst(rnd, 10 + rnd.nextInt(40)) : random(rnd, 2 + rnd.nextInt(40));
            int n = h.size();
            double whole = sequentialLogLikelihood(h, 0, n - 1);
            double best = Double.NEGATIVE_INFINITY;
            double bestPair = Double.NEGATIVE_INFINITY;
            for (int p = 1; p < n; p++) {
                double left = sequentialLogLikelihood(h, 0, p - 1);
                best = Math.max(best, left + sequentialLogLikelihood(h, p, n - 1));
                for (int q = p + 1; q < n; q++) {
                    bestPair = Math.max(
                            bestPair,
                            left + sequentialLogLikelihood(h, p, q - 1) + sequentialLogLikelihood(h, q, n - 1));
                }
            }
            boolean single = best - whole > seg.minGain();
            boolean shouldCut = single || bestPair - whole > 2 * seg.minGain();
            pairs += shouldCut && !single ? 1 : 0;
            boolean didCut = seg.segment(h).size() > 1;
            assertThat(didCut).as("history %d", t).isEqualTo(shouldCut);
            cut += shouldCut ? 1 : 0;
            kept += didCut ? 1 : 0;
        }
        assertThat(cut).as("both outcomes occur in the sample, %d cuts", cut).isBetween(20, 280);
        assertThat(pairs).as("bursts that only two cuts isolate").isPositive();
        assertThat(kept).isEqualTo(cut);
    }

    @Test
    void a_test_that_starts_failing_is_cut_at_the_first_failing_commit_with_a_narrow_interval() {
        List<CommitRuns> h = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            h.add(i < 10 ? pass(i) : fail(i));
        }
        List<Segment> s = seg.segment(h);
        assertThat(s).extracting(Segment::state).containsExactly(Segment.State.STABLE, Segment.State.FAILING);
        Changepoint c = s.get(1).start();
        assertThat(c.at()).isEqualTo(10);
        // the posterior by hand: each first-failing commit p weighed by the likelihood of both sides
        double[] w = new double[20];
        double total = 0;
        for (int p = 1; p < 20; p++) {
            w[p] = Math.exp(sequentialLogLikelihood(h, 0, p - 1) + sequentialLogLikelihood(h, p, 19));
            total += w[p];
        }
        double cumulative = 0;
        int lowest = -1;
        int highest = -1;
        for (int p = 1; p < 20; p++) {
            cumulative += w[p] / total;
            if (lowest < 0 && cumulative > 0.005) {
                lowest = p;
            }
            if (highest < 0 && cumulative >= 0.995) {
                highest = p;
            }
        }
        assertThat(c.lower()).isEqualTo(lowest - 1);
        assertThat(c.upper()).isEqualTo(highest);
        assertThat(c.lower()).isLessThan(10);
        assertThat(c.upper()).isGreaterThanOrEqualTo(10);
        assertThat(c.width()).isLessThanOrEqualTo(4);
        assertThat(c.confidence()).isGreaterThanOrEqualTo(0.99);
        assertThat(s.get(0).start()).isNull();
    }

    @Test
    void a_steady_flake_is_one_flaky_segment_however_its_failures_cluster_by_chance() {
        Random rnd = new Random(3);
        List<CommitRuns> h = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            h.add(rnd.nextDouble() < 0.1 ? flake(i) : pass(i));
        }
        List<Segment> s = seg.segment(h);
        assertThat(s).hasSize(1);
        assertThat(s.get(0).state()).isEqualTo(Segment.State.FLAKY);
        assertThat(s.get(0).unexpectedRate()).isBetween(0.05, 0.15);
    }

    @Test
    void a_test_that_starts_flaking_gets_an_interval_around_the_true_commit() {
        int contained = 0;
        for (int seed = 0; seed < 50; seed++) {
            Random rnd = new Random(seed);
            List<CommitRuns> h = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int u = 0;
                for (int k = 0; k < 3; k++) {
                    u += i >= 120 && rnd.nextDouble() < 0.3 ? 1 : 0;
                }
                h.add(new CommitRuns("c" + i, 3, u, 0));
            }
            List<Segment> s = seg.segment(h);
            assertThat(s).hasSize(2);
            assertThat(s.get(1).state()).isEqualTo(Segment.State.FLAKY);
            Changepoint c = s.get(1).start();
            assertThat(c.lower()).isLessThan(c.at());
            assertThat(c.at()).isLessThanOrEqualTo(c.upper());
            if (c.lower() < 120 && 120 <= c.upper()) {
                contained++;
            }
        }
        // a 99% interval: at most a few of 50 histories may miss the true commit
        assertThat(contained).isGreaterThanOrEqualTo(47);
    }

    @Test
    void no_split_of_runs_that_all_had_one_verdict_gains_anything_so_skipping_them_is_exact() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + rnd.nextInt(60);
            boolean failing = trial % 2 == 1;
            List<CommitRuns> h = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int runs = 1 + rnd.nextInt(5);
                h.add(new CommitRuns("c" + i, runs, failing ? runs : 0, failing ? runs : 0));
            }
            Segmentation.Sums sums = seg.sums(h);
            double whole = seg.logLikelihood(sums, 0, n - 1);
            for (int p = 1; p < n; p++) {
                double split = seg.logLikelihood(sums, 0, p - 1) + seg.logLikelihood(sums, p, n - 1);
                assertThat(split - whole).as("split at %d of %d", p, n).isLessThanOrEqualTo(1e-9);
            }
            assertThat(seg.segment(h)).hasSize(1);
        }
    }

    @Test
    void a_regression_fixed_a_few_commits_later_is_cut_out_as_a_failing_burst() {
        List<CommitRuns> h = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean broken = i >= 30 && i < 34;
            h.add(new CommitRuns("c" + i, 2, broken ? 2 : 0, broken ? 2 : 0));
        }
        List<Segment> s = seg.segment(h);
        assertThat(s)
                .extracting(Segment::state)
                .containsExactly(Segment.State.STABLE, Segment.State.FAILING, Segment.State.STABLE);
        assertThat(s.get(1).first()).isEqualTo(30);
        assertThat(s.get(1).last()).isEqualTo(33);
        assertThat(s.get(1).start().lower()).isLessThan(30);
        assertThat(s.get(1).start().upper()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void nothing_to_segment() {
        assertThat(seg.segment(List.of())).isEmpty();
        assertThat(seg.segment(List.of(pass(0))))
                .singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(Segment.State.STABLE));
    }
}
