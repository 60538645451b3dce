package io.flakelens.core.changepoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RerunPlannerTest {
    final RerunPlanner planner = RerunPlanner.defaults();
    final List<String> revisions =
            IntStream.range(0, 100).mapToObj(i -> "r" + i).toList();

    @Test
    void iterations_see_a_failure_with_99_percent_probability_between_30_and_400() {
        assertThat(planner.iterations(0.5)).isEqualTo(30); // ceil(6.64) is under the floor
        assertThat(planner.iterations(0.1)).isEqualTo(44); // ln 0.01 / ln 0.9 = 43.7
        assertThat(planner.iterations(0.02)).isEqualTo(228);
        assertThat(planner.iterations(0.005)).isEqualTo(400);
        assertThat(planner.iterations(0)).isEqualTo(400);
        assertThat(planner.iterations(1)).isEqualTo(30);
        // the promise behind the number: at p, n runs all pass with probability at most 1%
        assertThat(Math.pow(1 - 0.1, 44)).isLessThan(0.01);
        assertThat(Math.pow(1 - 0.1, 43)).isGreaterThan(0.01);
    }

    @Test
    void inside_an_interval_three_probes_split_it_evenly() {
        RerunPlan p = planner.plan(revisions, 40, 56, 0.1, Map.of());
        assertThat(p.done()).isFalse();
        assertThat(p.probes()).extracting(Probe::index).containsExactly(44, 48, 52);
        assertThat(p.probes()).allSatisfy(x -> assertThat(x.iterations()).isEqualTo(44));
        assertThat(p.probes()).extracting(Probe::revision).containsExactly("r44", "r48", "r52");
    }

    @Test
    void reruns_move_the_bounds_and_one_commit_left_is_the_culprit() {
        Map<Integer, Reruns> reruns = new HashMap<>();
        reruns.put(44, new Reruns(44, 0)); // passes as before
        reruns.put(48, new Reruns(44, 5)); // flaky: the new way
        reruns.put(52, new Reruns(44, 4));
        RerunPlan p = planner.plan(revisions, 40, 56, 0.1, reruns);
        assertThat(p.lower()).isEqualTo(44);
        assertThat(p.upper()).isEqualTo(48);
        assertThat(p.probes()).extracting(Probe::index).containsExactly(45, 46, 47);
        reruns.put(45, new Reruns(44, 0));
        reruns.put(46, new Reruns(44, 0));
        reruns.put(47, new Reruns(44, 6));
        RerunPlan done = planner.plan(revisions, 40, 56, 0.1, reruns);
        assertThat(done.done()).isTrue();
        assertThat(done.culprit()).isEqualTo("r47");
        assertThat(done.probes()).isEmpty();
    }

    @Test
    void too_few_clean_reruns_do_not_clear_a_commit_but_one_failure_convicts_it() {
        Map<Integer, Reruns> reruns = new HashMap<>();
        reruns.put(44, new Reruns(10, 0));
        reruns.put(48, new Reruns(3, 1));
        RerunPlan p = planner.plan(revisions, 40, 56, 0.1, reruns);
        assertThat(p.lower()).isEqualTo(40);
        assertThat(p.upper()).isEqualTo(48);
        assertThat(p.probes()).extracting(Probe::index).containsExactly(42, 44, 46);
        assertThat(p.probes())
                .filteredOn(x -> x.index() == 44)
                .singleElement()
                .satisfies(x -> assertThat(x.iterations()).isEqualTo(34));
    }

    @Test
    void without_an_interval_it_looks_back_by_squares() {
        RerunPlan p = planner.plan(revisions, -1, 60, 0.2, Map.of());
        assertThat(p.probes()).extracting(Probe::index).containsExactly(59, 56, 51);
        RerunPlan near = planner.plan(revisions, -1, 2, 0.2, Map.of());
        assertThat(near.probes()).extracting(Probe::index).containsExactly(1, 0);
    }

    record Found(int rounds, String culprit) {}

    /** Rounds of reruns a simulated flaky test needs until its culprit is named, and the one named. */
    static Found rounds(
            RerunPlanner planner, List<String> revisions, int lower, int upper, int culprit, double p, Random rnd) {
        Map<Integer, Reruns> reruns = new HashMap<>();
        for (int round = 0; round < 50; round++) {
            RerunPlan plan = planner.plan(revisions, lower, upper, p, reruns);
            if (plan.done()) {
                return new Found(round, plan.culprit());
            }
            for (Probe probe : plan.probes()) {
                int failures = 0;
                for (int k = 0; k < probe.iterations(); k++) {
                    failures += probe.index() >= culprit && rnd.nextDouble() < p ? 1 : 0;
                }
                Reruns had = reruns.getOrDefault(probe.index(), new Reruns(0, 0));
                reruns.put(probe.index(), new Reruns(had.runs() + probe.iterations(), had.failures() + failures));
            }
        }
        throw new AssertionError("no culprit after 50 rounds");
    }

    @Test
    void simulated_flakes_are_narrowed_to_their_commit() {
        Random rnd = new Random(5);
        List<Integer> needed = new ArrayList<>();
        int right = 0;
        for (int t = 0; t < 200; t++) {
            int lower = rnd.nextInt(60);
            int upper = lower + 2 + rnd.nextInt(20);
            int culprit = lower + 1 + rnd.nextInt(upper - lower);
            Found f = rounds(planner, revisions, lower, upper, culprit, 0.05 + rnd.nextDouble() * 0.5, rnd);
            needed.add(f.rounds());
            right += f.culprit().equals(revisions.get(culprit)) ? 1 : 0;
        }
        needed.sort(null);
        assertThat(needed.get(needed.size() / 2)).isLessThanOrEqualTo(3);
        // each clearing probe misses the flake 1% of the time, so a few culprits land one commit late
        assertThat(right).isGreaterThanOrEqualTo(190);
    }

    @Test
    void a_lookback_finds_the_culprit_too() {
        Random rnd = new Random(9);
        for (int t = 0; t < 50; t++) {
            int upper = 30 + rnd.nextInt(60);
            int culprit = upper - rnd.nextInt(25);
            assertThat(rounds(planner, revisions, -1, upper, culprit, 0.3, rnd).culprit())
                    .isEqualTo(revisions.get(culprit));
        }
    }
}
