package io.flakelens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate benchmarks at a small scale: the counts they print come from real gates. No timing is asserted. */
class GateBenchTest {
    @TempDir
    Path dir;

    @Test
    void aSmallDemoLetsFlakyRunsThroughAndNoRegression() throws Exception {
        StringWriter text = new StringWriter();
        GateBench.Figures f = new GateBench(new PrintWriter(text, true), dir).run(null, 42, 0.25);
        assertThat(f.regression()).isPositive();
        assertThat(f.regressionPassed()).isZero();
        assertThat(f.flakyOnly()).isPositive();
        assertThat(f.flakyOnlyPassed()).isPositive().isLessThanOrEqualTo(f.flakyOnly());
        assertThat(text.toString())
                .contains(
                        "flaky-only runs passed: " + f.flakyOnlyPassed() + " of " + f.flakyOnly(),
                        "regression runs passed: 0 of " + f.regression(),
                        "same verdicts as above");
    }

    @Test
    void uploadsAreTimedAndEachStoresItsTests() throws Exception {
        StringWriter text = new StringWriter();
        UploadBench.Figures f = new UploadBench(new PrintWriter(text, true), dir).run(null, 3);
        assertThat(f.uploads()).isEqualTo(3);
        assertThat(f.p50Ms()).isPositive().isLessThanOrEqualTo(f.p99Ms());
        assertThat(text.toString()).contains("3 uploads of a 5,000-test report");
    }
}
