package io.flakelens.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The required-passes table, checked against the original's row and against sums computed here. */
class RequiredPassesTest {
    private final RequiredPasses table = new RequiredPasses();

    // job-run-aggregator pass_fail.go, requiredPassesByPassPercentageFor_10_Attempts (as quoted in issue 5)
    @ParameterizedTest(name = "{0}..{1}% of 10 attempts -> {2}")
    @CsvSource({
        "0,40,0",
        "41,51,1",
        "52,61,2",
        "62,70,3",
        "71,78,4",
        "79,85,5",
        "86,91,6",
        "92,97,7",
        "98,99,8",
        "100,100,9"
    })
    void tenAttemptsReproduceTheOriginalRow(int from, int to, int required) {
        for (int p = from; p <= to; p++) {
            assertThat(RequiredPasses.fisherThreshold(10, p)).as("%d%%", p).isEqualTo(required);
        }
    }

    @Test
    void thePityFactorCapsRequiredAtAttemptsMinusTwo() {
        assertThat(table.required(10, 100)).isEqualTo(8);
        assertThat(table.required(10, 99)).isEqualTo(8);
        assertThat(table.required(10, 95)).isEqualTo(7);
        assertThat(table.required(1, 100)).isZero();
        assertThat(table.required(0, 100)).isZero();
    }

    /**
     * Worked by hand: 2 attempts, 100% history. The corpus is [[250, 0], [k, 2-k]], 252 runs, 250 in
     * the first row. The upper tail P(X >= 250) with 250 + k passes in all: k = 0 needs all 250
     * historical runs among the 250 passes, 1 / C(252, 2) = 1/31626; k = 1, C(251, 250) / C(252, 2) =
     * 251/31626 = 0.0079; k = 2, every run passed, 1. So k = 2, required 1, and the pity factor makes it 0.
     */
    @Test
    void twoAttemptsAtAHundredPercentWorkedByHand() {
        assertThat(RequiredPasses.pValue(250, 2, 0)).isCloseTo(1.0 / 31626, within(1e-12));
        assertThat(RequiredPasses.pValue(250, 2, 1)).isCloseTo(251.0 / 31626, within(1e-12));
        assertThat(RequiredPasses.pValue(250, 2, 2)).isCloseTo(1.0, within(1e-12));
        assertThat(RequiredPasses.fisherThreshold(2, 100)).isEqualTo(1);
        assertThat(table.required(2, 100)).isZero();
    }

    @ParameterizedTest(name = "history {0}% -> {1} passes of 250; {2} of {3} in the payload")
    @CsvSource({"70,175,4,10", "95,238,7,10", "99,248,15,20", "41,102,1,10", "86,215,3,6", "50,125,0,6"})
    void pValuesMatchAHypergeometricTailSummedHere(int percent, int histPasses, int k, int n) {
        assertThat(RequiredPasses.historicalPasses(percent)).isEqualTo(histPasses);
        assertThat(RequiredPasses.pValue(histPasses, n, k)).isCloseTo(upperTail(histPasses, n, k), within(1e-12));
    }

    @ParameterizedTest(name = "{0} attempts at {1}%")
    @CsvSource({"6,85", "6,95", "7,90", "12,80", "20,95", "20,99", "3,100", "15,60"})
    void thresholdsMatchTheOnesSummedHere(int n, int percent) {
        int hp = (int) Math.rint(2.5 * percent);
        int k = 0;
        while (k <= n && upperTail(hp, n, k) <= 0.05) {
            k++;
        }
        assertThat(RequiredPasses.fisherThreshold(n, percent)).isEqualTo(Math.max(0, k - 1));
    }

    /**
     * P(X >= a) for the table [[a, 250-a], [k, n-k]] with its margins fixed: X is hypergeometric, 250 + n
     * runs, a + k passes, 250 drawn. Exact in BigInteger, so independent of commons' implementation.
     */
    static double upperTail(int a, int n, int k) {
        int total = 250 + n;
        int passes = a + k;
        BigInteger den = binom(total, 250);
        BigInteger num = BigInteger.ZERO;
        for (int x = a; x <= Math.min(250, passes); x++) {
            num = num.add(binom(passes, x).multiply(binom(total - passes, 250 - x)));
        }
        return new BigDecimal(num)
                .divide(new BigDecimal(den), MathContext.DECIMAL128)
                .doubleValue();
    }

    static BigInteger binom(int n, int r) {
        if (r < 0 || r > n) {
            return BigInteger.ZERO;
        }
        BigInteger b = BigInteger.ONE;
        for (int i = 1; i <= r; i++) {
            b = b.multiply(BigInteger.valueOf(n - r + i)).divide(BigInteger.valueOf(i));
        }
        return b;
    }
}
