package io.flakelens.core.aggregate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * What the judgement can see. With {@code n} attempts and a history of {@code P}%, a test fails
 * when it passes fewer than {@code max(required, 1)} times (zero passes always fails). The smallest
 * detectable drop is the least {@code d} (whole percentage points) such that a test whose true pass
 * rate fell to {@code P - d} fails the judgement with probability at least {@link #POWER}
 * (binomial, runs independent). The original never said this; with 10 runs and a 95% history only
 * a fall to about 50% is caught reliably, which a release team should know before trusting a pass.
 *
 * <p>The judgement is called weak when it cannot reliably catch the pass rate halving (a drop of more
 * than {@code P/2} points): a test that now fails every other run it used to pass would likely slip
 * through.
 */
public final class JudgementPower {
    /** Probability of catching a drop that the detectable drop promises. */
    public static final double POWER = 0.8;

    private final RequiredPasses required;
    private final ConcurrentMap<Integer, Detectable> cache = new ConcurrentHashMap<>();

    public JudgementPower(RequiredPasses required) {
        this.required = required;
    }

    /**
     * @param drop whole percentage points, or -1 when no drop can be caught (no history rate above 0)
     * @param weak the judgement would likely miss the pass rate halving
     */
    public record Detectable(int attempts, int percent, int drop, boolean weak) {}

    public Detectable of(int attempts, int percent) {
        return cache.computeIfAbsent(attempts * 101 + percent, k -> compute(attempts, percent));
    }

    private Detectable compute(int n, int percent) {
        if (n == 0 || percent == 0) {
            return new Detectable(n, percent, -1, true);
        }
        int failBelow = Math.max(1, required.required(n, percent));
        for (int q = percent - 1; q >= 0; q--) {
            double pFail = BinomialDistribution.of(n, q / 100.0).cumulativeProbability(failBelow - 1);
            if (pFail >= POWER) {
                int drop = percent - q;
                return new Detectable(n, percent, drop, drop * 2 > percent);
            }
        }
        // unreachable: at a true rate of 0 every attempt fails and zero passes always fails
        return new Detectable(n, percent, percent, true);
    }
}
