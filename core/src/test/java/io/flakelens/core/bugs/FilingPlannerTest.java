package io.flakelens.core.bugs;

import static io.flakelens.core.bugs.Occ.H;
import static io.flakelens.core.bugs.Occ.NOW;
import static io.flakelens.core.bugs.Occ.activity;
import static io.flakelens.core.bugs.Occ.ago;
import static io.flakelens.core.bugs.Occ.post;
import static io.flakelens.core.bugs.Occ.pre;
import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakeScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping, the once-per-24h rule, the 30-per-24h budget (highest score first) and closed bugs. */
class FilingPlannerTest {
    private final FilingPlanner findit = new FilingPlanner(FilingPolicy.findit());

    /** A flake with {@code n} post-submit occurrences in distinct runs starting at {@code firstRun}: score n. */
    private static FlakeActivity flake(String id, int n, long firstRun) {
        List<Occurrence> occ = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            occ.add(post(id, ago(H + i), firstRun + i));
        }
        return activity(id, occ);
    }

    private static FlakeGroup group(FlakeActivity... a) {
        return FlakeGroup.of(List.of(a), FlakeScore.findit()).get(0);
    }

    private static KnownBug bug(long n, String state, Instant touched) {
        return new KnownBug(
                new BugRef("github:a/b#" + n, n, "https://github.com/a/b/issues/" + n, state),
                touched.minusSeconds(86400),
                touched);
    }

    @Test
    void a_parameterised_group_and_same_suite_flakes_failing_in_the_same_runs_share_one_bug() {
        FlakeActivity a = flake("S::a", 3, 1);
        FlakeActivity b = flake("S::b", 3, 1); // same suite, same runs 1..3
        FlakeActivity c = flake("S::c", 3, 2); // same suite, runs 2..4
        FlakeActivity d = flake("T::d", 3, 1); // other suite, same runs
        List<FlakeGroup> groups = FlakeGroup.of(List.of(a, b, c, d), FlakeScore.findit());
        assertThat(groups)
                .extracting(FlakeGroup::flakes)
                .containsExactlyInAnyOrder(List.of("S::a", "S::b"), List.of("S::c"), List.of("T::d"));
        // the shared bug is scored over the group: a change both members hurt counts once
        FlakeActivity e = activity("S::e", List.of(pre("S::e", "c1", EvidenceKind.FALSE_REJECTION, ago(H), 7)));
        FlakeActivity f = activity("S::f", List.of(pre("S::f", "c1", EvidenceKind.FALSE_REJECTION, ago(H), 7)));
        assertThat(FlakeGroup.of(List.of(e, f), FlakeScore.findit()))
                .singleElement()
                .extracting(FlakeGroup::score)
                .isEqualTo(100L);
    }

    @Test
    void groups_are_ranked_by_findit_score() {
        FlakeActivity low = flake("S::low", 3, 1);
        FlakeActivity high =
                activity("T::high", List.of(pre("T::high", "c1", EvidenceKind.FALSE_REJECTION, ago(H), 50)));
        assertThat(FlakeGroup.of(List.of(low, high), FlakeScore.findit()))
                .extracting(g -> g.flakes().get(0))
                .containsExactly("T::high", "S::low");
    }

    @Test
    void a_bug_is_updated_at_most_once_per_24_hours_to_the_second() {
        FlakeGroup g = group(flake("S::a", 3, 1));
        Decision early = findit.plan(List.of(g), Map.of("S::a", bug(1, "open", NOW.minusSeconds(24 * H - 1))), 0, NOW)
                .get(0);
        assertThat(early).isInstanceOf(Decision.Skip.class);
        assertThat(((Decision.Skip) early).reason()).contains("next update from 2026-11-27T12:00:01Z");
        Decision onTime = findit.plan(List.of(g), Map.of("S::a", bug(1, "open", NOW.minusSeconds(24 * H))), 0, NOW)
                .get(0);
        assertThat(onTime).isInstanceOf(Decision.Update.class);
    }

    @Test
    void at_most_30_creates_and_updates_in_24_hours_highest_score_first() {
        List<FlakeActivity> flakes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            flakes.add(flake("S" + i + "::t", 3 + i, 100L * i)); // score 3..7
        }
        List<FlakeGroup> groups = FlakeGroup.of(flakes, FlakeScore.findit());
        List<Decision> plan = findit.plan(groups, Map.of("S3::t", bug(9, "open", NOW.minusSeconds(30 * H))), 28, NOW);
        // 2 actions left: the two highest scores (S4 create, S3 update); the rest wait for the budget
        assertThat(plan)
                .extracting(d -> d.group().flakes().get(0) + " " + d.verb())
                .containsExactly("S4::t create", "S3::t update", "S2::t skip", "S1::t skip", "S0::t skip");
        assertThat(((Decision.Skip) plan.get(2)).reason()).startsWith("rate limit: 30");
        assertThat(findit.plan(groups, Map.of(), 30, NOW)).allMatch(d -> d instanceof Decision.Skip);
        assertThat(findit.plan(groups, Map.of(), 25, NOW)).allMatch(d -> d instanceof Decision.Create);
    }

    @Test
    void a_skip_for_a_recent_touch_does_not_spend_the_budget() {
        FlakeGroup a = group(flake("A::t", 9, 1));
        FlakeGroup b = group(flake("B::t", 3, 50));
        List<Decision> plan = findit.plan(List.of(a, b), Map.of("A::t", bug(1, "open", NOW.minusSeconds(H))), 29, NOW);
        assertThat(plan).extracting(Decision::verb).containsExactly("skip", "create");
    }

    @Test
    void a_closed_bug_is_reopened_or_refiled_as_configured() {
        FlakeGroup g = group(flake("S::a", 3, 1));
        Map<String, KnownBug> closed = Map.of("S::a", bug(4, "closed", NOW.minusSeconds(48 * H)));
        assertThat(findit.plan(List.of(g), closed, 0, NOW).get(0)).isInstanceOf(Decision.Reopen.class);
        FilingPolicy refile = new FilingPolicy(
                Duration.ofHours(24),
                3,
                EnumSet.of(EvidenceKind.FALSE_REJECTION),
                3,
                Duration.ofHours(6),
                Duration.ofHours(24),
                30,
                Duration.ofHours(24),
                FilingPolicy.ClosedBugs.NEW);
        Decision d = new FilingPlanner(refile).plan(List.of(g), closed, 0, NOW).get(0);
        assertThat(d).isInstanceOf(Decision.Refile.class);
        assertThat(((Decision.Refile) d).closed().ref().number()).isEqualTo(4);
    }

    @Test
    void a_group_whose_flakes_have_two_bugs_goes_with_the_newest() {
        FlakeGroup g = group(flake("S::a", 3, 1), flake("S::b", 3, 1));
        KnownBug old = bug(1, "open", NOW.minusSeconds(100 * H));
        KnownBug newer = bug(2, "open", NOW.minusSeconds(50 * H));
        Decision d = findit.plan(List.of(g), Map.of("S::a", old, "S::b", newer), 0, NOW)
                .get(0);
        assertThat(((Decision.Update) d).bug().ref().number()).isEqualTo(2);
    }

    @Test
    void the_marker_is_stable_and_the_body_lists_occurrences_owners_and_links() {
        FlakeGroup g = group(flake("S::a", 3, 1));
        assertThat(g.marker()).isEqualTo(FlakeGroup.marker("S::a")).matches("flakelens-[0-9a-f]{16}");
        String body = new BugText("https://flakes.acme.dev/").body(g, List.of("sig-node"), NOW, null);
        assertThat(body)
                .contains(
                        g.marker(),
                        "| Owners | sig-node |",
                        "| Occurrences | 3 as of " + NOW,
                        "| Flake rate | 3.0% (3 of 100 runs) |",
                        "https://flakes.acme.dev/tests/S%3A%3Aa",
                        "| boom |");
        assertThat(body.lines().filter(l -> l.contains("(post-submit)")).count())
                .isEqualTo(3);
    }
}
