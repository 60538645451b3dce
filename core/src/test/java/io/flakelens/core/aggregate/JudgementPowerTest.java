package io.flakelens.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The detectable drop is the least one caught 80% of the time, by a binomial sum written out here. */
class JudgementPowerTest {
    private final RequiredPasses table = new RequiredPasses();
    private final JudgementPower power = new JudgementPower(table);

    @ParameterizedTest(name = "{0} attempts at {1}%")
    @CsvSource({"10,95", "10,70", "6,95", "20,99", "20,90", "40,98"})
    void theDropIsTheSmallestCaughtEightyPercentOfTheTime(int n, int percent) {
        JudgementPower.Detectable d = power.of(n, percent);
        int failBelow = Math.max(1, table.required(n, percent));
        assertThat(d.drop()).isPositive();
        int q = percent - d.drop();
        assertThat(failProbability(n, q, failBelow)).isGreaterThanOrEqualTo(JudgementPower.POWER);
        assertThat(failProbability(n, q + 1, failBelow)).isLessThan(JudgementPower.POWER);
        assertThat(d.weak()).isEqualTo(d.drop() * 2 > percent);
    }

    /**
     * Ten attempts at 95%: 7 passes required, so a test fails with 6 or fewer. A true rate of 51% gives
     * P(X <= 6) = 0.80 and 52% gives 0.78 (binomial sums), so the drop is 44 points: caught, just short
     * of the rate halving. Six attempts at 95% need 4 (pity factor), and only a fall of 58 points is caught:
     * weak.
     */
    @Test
    void tenRunsAreJustStrongEnoughAndSixAreWeak() {
        assertThat(table.required(10, 95)).isEqualTo(7);
        assertThat(power.of(10, 95).drop()).isEqualTo(44);
        assertThat(power.of(10, 95).weak()).isFalse();
        assertThat(table.required(6, 95)).isEqualTo(4);
        assertThat(power.of(6, 95).weak()).isTrue();
    }

    @Test
    void nothingCanBeDetectedWithoutAttemptsOrAPassRate() {
        assertThat(power.of(0, 95).drop()).isEqualTo(-1);
        assertThat(power.of(10, 0).drop()).isEqualTo(-1);
    }

    /** P(X < failBelow) for X ~ Binomial(n, q%), summed term by term. */
    static double failProbability(int n, int q, int failBelow) {
        double p = q / 100.0;
        double sum = 0;
        for (int x = 0; x < failBelow; x++) {
            sum += RequiredPassesTest.binom(n, x).doubleValue() * Math.pow(p, x) * Math.pow(1 - p, n - x);
        }
        return sum;
    }
}
