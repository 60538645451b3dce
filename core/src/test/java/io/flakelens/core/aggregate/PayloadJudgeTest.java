package io.flakelens.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.TestId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the judgement on a hand-worked case. */
class PayloadJudgeTest {
    private final PayloadJudge judge = PayloadJudge.defaults();

    private static PayloadTest t(int attempts, int passes, int skips, int historyRuns, int historyPasses) {
        return new PayloadTest(
                new TestId("com.acme.Suite", "test"), attempts, passes, skips, historyRuns, historyPasses);
    }

    @Test
    void aTestThatNeitherPassedNorFailedPasses() {
        Judgement j = judge.judge(t(0, 0, 10, 100, 100));
        assertThat(j.verdict()).isEqualTo(Verdict.PASS);
        assertThat(j.reason()).isInstanceOf(Reason.DidNotRun.class);
    }

    @Test
    void noPassesAndMoreSkipsThanFailuresPasses() {
        Judgement j = judge.judge(t(2, 0, 8, 100, 100));
        assertThat(j.verdict()).isEqualTo(Verdict.PASS);
        assertThat(j.reason()).isEqualTo(new Reason.ProbablySkipped(2, 8));
        // as many skips as failures is not "more": judged on, and too few attempts
        assertThat(judge.judge(t(5, 0, 5, 100, 100)).reason()).isInstanceOf(Reason.InsufficientRuns.class);
    }

    @Test
    void fewerAttemptsThanTheMinimumFailsAsInsufficientRuns() {
        Judgement j = judge.judge(t(5, 5, 5, 100, 100));
        assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(j.reason().text()).startsWith("insufficient runs: 5 attempts, at least 6");
        assertThat(new PayloadJudge(5, 70, AlwaysPass.none())
                        .judge(t(5, 5, 5, 100, 100))
                        .verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void zeroPassesFails() {
        Judgement j = judge.judge(t(10, 0, 0, 100, 30));
        assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(j.reason()).isEqualTo(new Reason.NoPasses(10));
    }

    /** 10 attempts at a history of 190/200 = 95%: the original's row requires 7. */
    @Test
    void passesBelowTheRequiredCountFailAndAtItPass() {
        Judgement six = judge.judge(t(10, 6, 0, 200, 190));
        assertThat(six.historicalPercent()).isEqualTo(95);
        assertThat(six.required()).isEqualTo(7);
        assertThat(six.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(six.reason().text()).isEqualTo("passed 6 of 10, 7 required (history 95% over 200 runs)");
        assertThat(judge.judge(t(10, 7, 0, 200, 190)).verdict()).isEqualTo(Verdict.PASS);
    }

    /** 199/200 is 99.5%; truncated, not rounded, to 99, where 10 attempts need 8 (pity leaves it at 8). */
    @Test
    void theHistoricalRateIsTruncatedToAWholePercent() {
        Judgement j = judge.judge(t(10, 8, 0, 200, 199));
        assertThat(j.historicalPercent()).isEqualTo(99);
        assertThat(j.historicalPassRate()).isEqualTo(0.995);
        assertThat(j.required()).isEqualTo(8);
        assertThat(j.verdict()).isEqualTo(Verdict.PASS);
    }

    /** No history: 70%, where 10 attempts need 3; the reason says the rate was assumed. */
    @Test
    void withoutHistorySeventyPercentIsAssumedAndSaid() {
        Judgement j = judge.judge(t(10, 2, 0, 0, 0));
        assertThat(j.historyAssumed()).isTrue();
        assertThat(j.historicalPercent()).isEqualTo(70);
        assertThat(j.required()).isEqualTo(3);
        assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(j.reason().text()).contains("no history on this job in the window: assumed 70%");
        assertThat(new PayloadJudge(6, 40, AlwaysPass.none())
                        .judge(t(10, 2, 0, 0, 0))
                        .verdict())
                .isEqualTo(Verdict.PASS);
    }

    /** A perfect history at 10 attempts asks 9 of the table, 8 after the pity factor. */
    @Test
    void thePityFactorLetsTwoFailuresThrough() {
        Judgement j = judge.judge(t(10, 8, 0, 50, 50));
        assertThat(j.required()).isEqualTo(8);
        assertThat(j.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void alwaysPassRulesMatchNamesIdsAndRegexes() {
        AlwaysPass ap = AlwaysPass.of(List.of("setup [infra]", "com.acme.Install::.*", "exact"));
        PayloadJudge j = new PayloadJudge(6, 70, ap);
        assertThat(j.judge(new PayloadTest(new TestId("x", "setup [infra]"), 10, 0, 0, 0, 0))
                        .reason())
                .isEqualTo(new Reason.AlwaysPass("setup [infra]"));
        assertThat(j.judge(new PayloadTest(new TestId("com.acme.Install", "step"), 10, 0, 0, 0, 0))
                        .verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(j.judge(new PayloadTest(new TestId("s", "exact"), 1, 0, 0, 0, 0))
                        .verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(j.judge(new PayloadTest(new TestId("s", "exactly"), 10, 0, 0, 0, 0))
                        .verdict())
                .isEqualTo(Verdict.FAIL);
        // an invalid regex still matches literally
        assertThat(AlwaysPass.of(List.of("broken(")).match(new TestId("s", "broken(")))
                .contains("broken(");
    }

    @Test
    void aPayloadFailsWhenAnyTestFailsAndListsFailuresFirst() {
        PayloadVerdict v = new PayloadVerdict(
                "p",
                "j",
                10,
                null,
                null,
                List.of(
                        judge.judge(new PayloadTest(new TestId("a", "ok"), 10, 10, 0, 100, 100)),
                        judge.judge(new PayloadTest(new TestId("b", "bad"), 10, 1, 0, 100, 100))));
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.failed()).isEqualTo(1);
        assertThat(v.tests().get(0).test().id().name()).isEqualTo("bad");
        assertThat(v.power()).singleElement().satisfies(p -> {
            assertThat(p.attempts()).isEqualTo(10);
            assertThat(p.tests()).isEqualTo(2);
            assertThat(p.medianPercent()).isEqualTo(100);
        });
    }
}
