package io.flakelens.core.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicketMatcherTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final List<String> TESTS = List.of(
            "com.acme.NetTest::connects",
            "com.acme.NetTest::resolves[2]",
            "com.acme.NetTest::resolves",
            "k8s::[sig-storage] mounts a volume",
            "com.acme.Other::run");
    static final List<String> JOBS = List.of("e2e-gce", "unit", "ci-kubernetes-e2e");

    static Ticket open(long n, String title, String body, String... labels) {
        return new Ticket(
                "github:acme/widgets#" + n,
                n,
                "#" + n,
                "https://github.com/acme/widgets/issues/" + n,
                title,
                body,
                List.of(labels),
                null,
                false,
                false,
                List.of());
    }

    static Ticket closed(long n, Instant at, boolean completed, String body, String... labels) {
        return new Ticket(
                "github:acme/widgets#" + n,
                n,
                "#" + n,
                "u",
                "t",
                body,
                List.of(labels),
                at,
                completed,
                false,
                List.of());
    }

    List<String> found(Ticket t) {
        return new TicketMatcher(TESTS, JOBS)
                .matches(t).stream()
                        .map(m -> m.strength().label() + " " + m.target())
                        .toList();
    }

    @Test
    void each_kind_of_naming_has_its_strength() {
        assertThat(found(open(1, "[Flaky Test] connects", "Which test: com.acme.NetTest::connects")))
                .containsExactly("exact-id com.acme.NetTest::connects");
        assertThat(found(open(2, "t", "fails in NetTest#connects and com.acme.NetTest.resolves, see logs")))
                .containsExactly(
                        "class.method com.acme.NetTest::connects",
                        "class.method com.acme.NetTest::resolves",
                        "class.method com.acme.NetTest::resolves[2]");
        assertThat(found(open(3, "t", "Kubernetes e2e suite [It] [sig-storage] mounts a volume")))
                .containsExactly("exact-id k8s::[sig-storage] mounts a volume");
        assertThat(found(open(4, "t", "https://testgrid.k8s.io/sig-release-master-blocking#e2e-gce&width=20")))
                .containsExactly("testgrid e2e-gce");
        assertThat(found(open(5, "t", "see https://testgrid.k8s.io/sig-release?tab=ci-kubernetes-e2e")))
                .containsExactly("testgrid ci-kubernetes-e2e");
        assertThat(found(open(6, "[Failing Test] ci-kubernetes-e2e", "job keeps failing")))
                .containsExactly("job-only ci-kubernetes-e2e");
    }

    @Test
    void near_names_are_not_names() {
        // a longer method, a longer class, a job name inside a longer one, a plain-word job outside backticks
        assertThat(found(open(1, "t", "NetTest.connectsTwice MyNetTest.connects ci-kubernetes-e2e-gce unit tests")))
                .isEmpty();
        assertThat(found(open(2, "t", "the `unit` job"))).containsExactly("job-only unit");
        assertThat(found(open(3, "t", "Other.running"))).isEmpty();
    }

    @Test
    void a_test_is_tracked_by_the_strongest_ticket_and_open_before_closed() {
        Ticket byJob = open(1, "t", "e2e-gce is flaky");
        Ticket byClass = open(2, "t", "NetTest.connects");
        Ticket byIdClosed = closed(3, NOW.minusSeconds(60), true, "com.acme.NetTest::connects");
        Ticket byIdOpen = open(4, "t", "com.acme.NetTest::connects");
        TicketMatcher m = new TicketMatcher(TESTS, JOBS).index(List.of(byJob, byClass, byIdClosed));
        assertThat(m.best("com.acme.NetTest::connects", null, "e2e-gce"))
                .map(x -> x.ticket().number())
                .contains(3L);
        assertThat(m.best("com.acme.Other::run", null, "e2e-gce"))
                .hasValueSatisfying(x -> assertThat(x.strength()).isEqualTo(Strength.JOB_ONLY));
        assertThat(m.best("com.acme.Other::run", null, "unit")).isEmpty();
        m = new TicketMatcher(TESTS, JOBS).index(List.of(byIdClosed, byIdOpen));
        assertThat(m.best("com.acme.NetTest::connects", null, "unit"))
                .map(x -> x.ticket().number())
                .contains(4L);
        // a parameterised variant is tracked through its group
        m = new TicketMatcher(TESTS, JOBS).index(List.of(open(9, "t", "com.acme.NetTest::resolves is flaky")));
        assertThat(m.best("com.acme.NetTest::resolves[7]", "com.acme.NetTest::resolves", "unit"))
                .map(x -> x.strength())
                .contains(Strength.EXACT_ID);
    }

    @Test
    void selection_by_label_or_title_prefix_and_closed_within_30_days() {
        TicketSelection s = TicketSelection.defaults();
        assertThat(s.selects(open(1, "[Flaky Test] x", ""), NOW)).isTrue();
        assertThat(s.selects(open(2, "  [failing test] x", ""), NOW)).isTrue();
        assertThat(s.selects(open(3, "x is flaky", "", "kind/flake"), NOW)).isTrue();
        assertThat(s.selects(open(4, "x is flaky", "", "kind/bug"), NOW)).isFalse();
        assertThat(s.selects(open(5, "Flaky Test x", ""), NOW)).isFalse();
        assertThat(s.selects(closed(6, NOW.minus(Duration.ofDays(29)), true, "", "kind/flake"), NOW))
                .isTrue();
        assertThat(s.selects(closed(7, NOW.minus(Duration.ofDays(31)), true, "", "kind/flake"), NOW))
                .isFalse();
        // closed as not planned tracks nothing
        assertThat(s.selects(closed(8, NOW.minus(Duration.ofDays(1)), false, "", "kind/flake"), NOW))
                .isFalse();
        // Flakelens's own bug is the store's
        assertThat(s.selects(open(9, "[Flaky Test] x", "flakelens-0123456789abcdef"), NOW))
                .isFalse();
        TicketSelection custom = new TicketSelection(List.of("flaky"), List.of("FLAKE:"), Duration.ofDays(7));
        assertThat(custom.selects(open(10, "[Flaky Test] x", "", "kind/flake"), NOW))
                .isFalse();
        assertThat(custom.selects(open(11, "flake: x", ""), NOW)).isTrue();
    }

    @Test
    void effort_states_in_order() {
        Ticket.LinkedChange openPr = new Ticket.LinkedChange("p1", true, false);
        Ticket.LinkedChange mergedPr = new Ticket.LinkedChange("p2", false, true);
        Ticket.LinkedChange abandoned = new Ticket.LinkedChange("p3", false, false);
        assertThat(Effort.of(closed(1, NOW, true, ""))).isEqualTo(Effort.FIXED);
        assertThat(Effort.of(open(2, "t", "").withChanges(List.of(openPr, mergedPr))))
                .isEqualTo(Effort.MONITORING);
        assertThat(Effort.of(open(3, "t", "").withChanges(List.of(openPr, abandoned))))
                .isEqualTo(Effort.PR_SUBMITTED);
        assertThat(Effort.of(open(4, "t", "", "priority/important-soon"))).isEqualTo(Effort.TRIAGED);
        assertThat(Effort.of(open(5, "t", "", "triage/accepted"))).isEqualTo(Effort.TRIAGED);
        Ticket assigned = new Ticket("i", 6, "#6", "u", "t", "", List.of(), null, false, true, List.of());
        assertThat(Effort.of(assigned)).isEqualTo(Effort.TRIAGED);
        assertThat(Effort.of(open(7, "t", "", "kind/flake").withChanges(List.of(abandoned))))
                .isEqualTo(Effort.AWAITING_RESPONSE);
        assertThat(Effort.PR_SUBMITTED.label()).isEqualTo("pr-submitted");
    }
}
