package io.flakelens.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.Language;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.quarantine.Scope;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's rules, in the order of trust, on failures and evidence made by hand. */
class GateTest {
    private static final TestId FLAKY = TestId.parse("a.CartTest::checkout");
    private static final TestId OTHER = TestId.parse("a.CartTest::total");

    private static GateFailure failure(TestId id) {
        return new GateFailure(id, "TEST-a.xml", null, 0, "boom", "boom");
    }

    private static TestEvidence flaky(
            TestId id, EvidenceKind kind, long occurrences, long runs, long failures, boolean failingOnMain) {
        return new TestEvidence(
                id,
                List.of(new EvidenceCount(kind, true, occurrences, 0)),
                occurrences,
                runs,
                failures,
                failingOnMain,
                failingOnMain ? 2 : 0);
    }

    private static Gate.Knowledge knowing(Map<String, TestEvidence> evidence) {
        return new Gate.Knowledge(evidence, Map.of(), Map.of());
    }

    @Test
    void aKnownFlakePassesANewFailureDoesNot() {
        Gate gate = new Gate(GatePolicy.defaults());
        GateResult r = gate.judge(
                10,
                List.of(failure(FLAKY)),
                knowing(Map.of(FLAKY.id(), flaky(FLAKY, EvidenceKind.RETRY, 3, 30, 4, false))));
        assertThat(r.passed()).isTrue();
        assertThat(r.judged().get(0).finding()).isInstanceOf(Finding.KnownFlake.class);
        GateResult both = gate.judge(
                10,
                List.of(failure(FLAKY), failure(OTHER)),
                knowing(Map.of(FLAKY.id(), flaky(FLAKY, EvidenceKind.RETRY, 3, 30, 4, false))));
        assertThat(both.passed()).isFalse();
        assertThat(both.judged().get(1).finding()).isInstanceOf(Finding.New.class);
        assertThat(both.judged().get(1).reason()).isEqualTo("not seen before");
        assertThat(both.summary()).isEqualTo("failed: 1 of 2 failures not let through");
    }

    @Test
    void failingOnMainOutranksEvidenceAndMutes() {
        MutedTest mute = new MutedTest(
                "src/CartTest.java", 12, Language.JAVA, FLAKY, "Disabled", "ACME-1", "flaky", null, Scope.TEST);
        Gate.Knowledge k = new Gate.Knowledge(
                Map.of(FLAKY.id(), flaky(FLAKY, EvidenceKind.SAME_CODE, 5, 30, 9, true)),
                Map.of(FLAKY.id(), new Gate.Mute(mute, "acme")),
                Map.of());
        Judged j = new Gate(GatePolicy.defaults())
                .judge(1, List.of(failure(FLAKY)), k)
                .judged()
                .get(0);
        assertThat(j.finding()).isInstanceOf(Finding.FailingOnMain.class);
        assertThat(j.letThrough()).isFalse();
        Gate.Knowledge mutedOnly =
                new Gate.Knowledge(Map.of(), Map.of(FLAKY.id(), new Gate.Mute(mute, "acme")), Map.of());
        Judged m = new Gate(GatePolicy.defaults())
                .judge(1, List.of(failure(FLAKY)), mutedOnly)
                .judged()
                .get(0);
        assertThat(m.letThrough()).isTrue();
        assertThat(m.reason()).isEqualTo("muted by Disabled at src/CartTest.java:12 (ACME-1)");
    }

    @Test
    void thresholdsOfThePolicy() {
        GatePolicy d = GatePolicy.defaults();
        Gate gate = new Gate(d);
        // one occurrence is not enough by default; a test failing most runs is broken
        assertThat(gate.judge(
                                1,
                                List.of(failure(FLAKY)),
                                knowing(Map.of(FLAKY.id(), flaky(FLAKY, EvidenceKind.FLIP, 1, 30, 1, false))))
                        .passed())
                .isFalse();
        assertThat(gate.judge(
                                1,
                                List.of(failure(FLAKY)),
                                knowing(Map.of(FLAKY.id(), flaky(FLAKY, EvidenceKind.FLIP, 4, 10, 6, false))))
                        .judged()
                        .get(0)
                        .reason())
                .endsWith("but it failed 60% of its runs, more than the policy's 50%");
        GatePolicy onlyRejections =
                new GatePolicy(EnumSet.of(EvidenceKind.FALSE_REJECTION), 2, 0, 0.5, true, false, 0.9, 5, 2);
        assertThat(new Gate(onlyRejections)
                        .judge(
                                1,
                                List.of(failure(FLAKY)),
                                knowing(Map.of(FLAKY.id(), flaky(FLAKY, EvidenceKind.RETRY, 9, 90, 9, false))))
                        .passed())
                .isFalse();
    }

    @Test
    void aProbabilityCountsOnlyWhenThePolicySaysSo() {
        Gate.Knowledge k = new Gate.Knowledge(Map.of(), Map.of(), Map.of(OTHER.id(), 0.95));
        Judged off = new Gate(GatePolicy.defaults())
                .judge(1, List.of(failure(OTHER)), k)
                .judged()
                .get(0);
        assertThat(off.finding()).isEqualTo(new Finding.ProbablyFlaky(0.95));
        assertThat(off.letThrough()).isFalse();
        GatePolicy counting = new GatePolicy(EnumSet.allOf(EvidenceKind.class), 2, 0, 0.5, true, true, 0.9, 5, 2);
        assertThat(new Gate(counting).judge(1, List.of(failure(OTHER)), k).passed())
                .isTrue();
        Gate.Knowledge low = new Gate.Knowledge(Map.of(), Map.of(), Map.of(OTHER.id(), 0.5));
        assertThat(new Gate(counting)
                        .judge(1, List.of(failure(OTHER)), low)
                        .judged()
                        .get(0)
                        .finding())
                .isEqualTo(new Finding.New(0.5));
    }

    @Test
    void tooManyFailuresAtOnceLetNoneThrough() {
        GatePolicy two = new GatePolicy(EnumSet.allOf(EvidenceKind.class), 2, 0, 0.5, true, false, 0.9, 2, 2);
        List<TestId> ids = List.of(TestId.parse("a::x"), TestId.parse("a::y"), TestId.parse("a::z"));
        Map<String, TestEvidence> ev = new java.util.HashMap<>();
        ids.forEach(id -> ev.put(id.id(), flaky(id, EvidenceKind.RETRY, 3, 30, 3, false)));
        GateResult r =
                new Gate(two).judge(3, ids.stream().map(GateTest::failure).toList(), knowing(ev));
        assertThat(r.passed()).isFalse();
        assertThat(r.letThrough()).isZero();
        assertThat(r.judged().get(0).reason()).contains("3 failures would pass at once, more than the policy's 2");
        assertThat(new Gate(two)
                        .judge(
                                3,
                                ids.subList(0, 2).stream()
                                        .map(GateTest::failure)
                                        .toList(),
                                knowing(ev))
                        .passed())
                .isTrue();
    }

    @Test
    void aMuteCoversItsParameterisedVariantsSubtestsAndSuite() {
        MuteIndex idx = new MuteIndex(List.of(
                new Gate.Mute(
                        new MutedTest(
                                "t.py",
                                3,
                                Language.PYTHON,
                                TestId.parse("tests.t::test_y"),
                                "xfail",
                                null,
                                null,
                                null,
                                Scope.TEST),
                        null),
                new Gate.Mute(
                        new MutedTest(
                                "x_test.go",
                                9,
                                Language.GO,
                                TestId.parse("acme/x::TestX"),
                                "t.Skip",
                                null,
                                null,
                                null,
                                Scope.TEST),
                        null),
                new Gate.Mute(
                        new MutedTest(
                                "B.java",
                                1,
                                Language.JAVA,
                                TestId.parse("a.B::*"),
                                "Disabled",
                                null,
                                null,
                                null,
                                Scope.CLASS),
                        null)));
        assertThat(idx.find(TestId.parse("tests.t::test_y[2-two]"))).isNotNull();
        assertThat(idx.find(TestId.parse("acme/x::TestX/case_one"))).isNotNull();
        assertThat(idx.find(TestId.parse("a.B::anything"))).isNotNull();
        assertThat(idx.find(TestId.parse("tests.t::test_z"))).isNull();
    }
}
