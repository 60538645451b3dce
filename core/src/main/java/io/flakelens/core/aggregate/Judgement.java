package io.flakelens.core.aggregate;

/**
 * One test's judgement.
 *
 * @param historicalPercent the whole percentage the required passes were looked up with
 * @param historyAssumed    no history on this job in the window: the assumed rate was used
 * @param required          passes required of the attempts at that percentage (after the pity factor)
 */
public record Judgement(
        PayloadTest test,
        double historicalPassRate,
        int historicalPercent,
        boolean historyAssumed,
        int required,
        Reason reason,
        JudgementPower.Detectable power) {

    public Verdict verdict() {
        return reason.verdict();
    }

    /** Reached the required-passes rule, the only one whose outcome depends on history (and has a power). */
    public boolean judgedOnHistory() {
        return reason instanceof Reason.EnoughPasses || reason instanceof Reason.TooFewPasses;
    }
}
