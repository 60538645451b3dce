package io.flakelens.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load harness at a tiny scale: its checks pass and it prints every figure. No timing is asserted. */
class ServeLoadTest {
    @TempDir
    Path dir;

    @Test
    void tinyLoadStoresExactlyWhatWasSentAndPrintsTheFigures() throws Exception {
        StringWriter text = new StringWriter();
        ServeLoad.Outcome o = new ServeLoad(new PrintWriter(text, true), dir).run(null, 20, 2, 10_000);

        assertThat(o.uploadsOk()).isEqualTo(20);
        assertThat(o.resultsAfter() - o.resultsBefore()).isEqualTo(o.resultsSent()).isEqualTo(20L * ServeLoad.CASES);
        assertThat(o.runsAfter() - o.runsBefore()).isEqualTo(20);
        assertThat(o.duplicateRuns()).isZero();
        assertThat(o.resentUnchanged()).isEqualTo(20);
        assertThat(o.errors()).isEmpty();
        assertThat(o.nothingLost()).isTrue();
        assertThat(o.nothingDoubled()).isTrue();
        assertThat(text.toString())
                .contains("uploads:", "reports/s", "upload latency: p50", "GET /api/v1/flakes under load",
                        "GET /api/v1/flakes alone", "errors by status: none", "PASS: nothing lost, nothing doubled");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] ns = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
        assertThat(ServeLoad.ms(ns, 0.5)).isEqualTo(2.0);
        assertThat(ServeLoad.ms(ns, 0.99)).isEqualTo(4.0);
        assertThat(ServeLoad.ms(new long[0], 0.99)).isZero();
    }
}
