package io.flakelens.core.aggregate;

import java.util.Optional;

/**
 * The job-run-aggregator's rules, applied in its order:
 * <ol>
 * <li>a test on the always-pass list passes;
 * <li>a test with no passes and no failures passes (it did not run);
 * <li>a test with no passes and more skips than failures passes (probably meant to skip);
 * <li>fewer than {@code minAttempts} attempts fails ("insufficient runs");
 * <li>zero passes fails;
 * <li>fewer passes than {@link RequiredPasses} for the attempts and the historical percentage fails;
 *     a test without history on the job in the window is given {@code assumedPercent} (the
 *     original's 70), and the output says so.
 * </ol>
 * Immutable; built from its configuration.
 */
public final class PayloadJudge {
    private final int minAttempts;
    private final int assumedPercent;
    private final AlwaysPass alwaysPass;
    private final RequiredPasses requiredPasses;
    private final JudgementPower power;

    public PayloadJudge(int minAttempts, int assumedPercent, AlwaysPass alwaysPass) {
        if (minAttempts < 0) {
            throw new IllegalArgumentException("minimum attempts must be 0 or more: " + minAttempts);
        }
        if (assumedPercent < 0 || assumedPercent > 100) {
            throw new IllegalArgumentException("the assumed pass rate must be 0..100%: " + assumedPercent);
        }
        this.minAttempts = minAttempts;
        this.assumedPercent = assumedPercent;
        this.alwaysPass = alwaysPass;
        this.requiredPasses = new RequiredPasses();
        this.power = new JudgementPower(requiredPasses);
    }

    /** The original's settings: 6 attempts at least, 70% without history, nothing always passes. */
    public static PayloadJudge defaults() {
        return new PayloadJudge(6, 70, AlwaysPass.none());
    }

    public int minAttempts() {
        return minAttempts;
    }

    public int assumedPercent() {
        return assumedPercent;
    }

    public JudgementPower power() {
        return power;
    }

    public Judgement judge(PayloadTest t) {
        boolean assumed = t.historyRuns() == 0;
        int percent = assumed ? assumedPercent : t.historicalPercent();
        double rate = assumed ? assumedPercent / 100.0 : (double) t.historyPasses() / t.historyRuns();
        int required = requiredPasses.required(t.attempts(), percent);
        String history = assumed
                ? "no history on this job in the window: assumed " + assumedPercent + "%"
                : "history " + percent + "% over " + t.historyRuns() + " run" + (t.historyRuns() == 1 ? "" : "s");
        Reason reason = reason(t, required, history);
        return new Judgement(t, rate, percent, assumed, required, reason, power.of(t.attempts(), percent));
    }

    private Reason reason(PayloadTest t, int required, String history) {
        Optional<String> rule = alwaysPass.match(t.id());
        if (rule.isPresent()) {
            return new Reason.AlwaysPass(rule.get());
        }
        if (t.attempts() == 0) {
            return new Reason.DidNotRun(t.skips());
        }
        if (t.passes() == 0 && t.skips() > t.failures()) {
            return new Reason.ProbablySkipped(t.failures(), t.skips());
        }
        if (t.attempts() < minAttempts) {
            return new Reason.InsufficientRuns(t.attempts(), minAttempts);
        }
        if (t.passes() == 0) {
            return new Reason.NoPasses(t.attempts());
        }
        if (t.passes() < required) {
            return new Reason.TooFewPasses(t.passes(), t.attempts(), required, history);
        }
        return new Reason.EnoughPasses(t.passes(), t.attempts(), required, history);
    }
}
