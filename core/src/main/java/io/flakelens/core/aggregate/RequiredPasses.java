package io.flakelens.core.aggregate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.FisherExactTest;

/**
 * How many of {@code n} attempts must pass for a test whose history passes {@code P}% of the time.
 * The job-run-aggregator's table, recomputed: over a corpus of 250 historical runs with
 * {@code round(2.5 P)} passes, the smallest payload pass count {@code k} whose one-sided Fisher exact
 * test (alternative: history passes more often, commons' {@code GREATER_THAN} on
 * {@code [[hist passes, hist failures], [k, n-k]]}) has a p-value above 0.05; required is {@code k-1}.
 * Rounding is half to even, as the Python script that generated the original table rounds (2.5 x 97
 * = 242.5 -> 242 keeps the original's 97% at 7 of 10; half up would give 8). Then the "pity factor":
 * never more than {@code n-2}. Stateless; rows are computed once per {@code n} and cached.
 */
public final class RequiredPasses {
    /** The original's corpus size: the historical rate is treated as if measured over this many runs. */
    static final int CORPUS = 250;

    static final double ALPHA = 0.05;

    private static final FisherExactTest FISHER =
            FisherExactTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN);

    // the rows are constants of the method: computed once per process and attempts count
    private static final ConcurrentMap<Integer, int[]> ROWS = new ConcurrentHashMap<>();

    /** Required passes of {@code attempts} attempts at a historical pass percentage {@code percent} (0..100). */
    public int required(int attempts, int percent) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be 0 or more: " + attempts);
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100: " + percent);
        }
        return ROWS.computeIfAbsent(attempts, RequiredPasses::row)[percent];
    }

    private static int[] row(int n) {
        int[] r = new int[101];
        for (int p = 0; p <= 100; p++) {
            r[p] = Math.min(fisherThreshold(n, p), Math.max(0, n - 2));
        }
        return r;
    }

    /** The required passes before the pity factor. */
    static int fisherThreshold(int n, int percent) {
        if (n == 0) {
            return 0;
        }
        int histPasses = historicalPasses(percent);
        for (int k = 0; k <= n; k++) {
            if (pValue(histPasses, n, k) > ALPHA) {
                return Math.max(0, k - 1);
            }
        }
        // k = n means the payload passed every time: the table cannot reject that; unreachable
        return Math.max(0, n - 1);
    }

    static int historicalPasses(int percent) {
        return (int) Math.rint(CORPUS * percent / 100.0);
    }

    static double pValue(int histPasses, int n, int k) {
        return FISHER.test(new int[][] {{histPasses, CORPUS - histPasses}, {k, n - k}})
                .getPValue();
    }
}
