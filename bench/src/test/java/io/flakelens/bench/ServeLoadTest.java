package io.flakelens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.serve.ServerConfig;
import io.flakelens.store.TestStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The load harness at a tiny scale: its checks pass and it prints every figure. No timing is asserted. */
class ServeLoadTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void tinyLoadStoresExactlyWhatWasSentAndPrintsTheFigures(String store) throws Exception {
        StringWriter text = new StringWriter();
        // DuckDB: the harness's own file in its work folder; PostgreSQL: an emptied server database.
        String db = store.equals("duckdb") ? null : TestStores.fresh(store, dir);
        // 6 warm-up uploads, then 20 timed
        ServeLoad.Outcome o =
                new ServeLoad(new PrintWriter(text, true), dir).run(db, 20, 2, 10_000, ServerConfig.POOL_SIZE, 6);

        assertThat(o.uploadsOk()).isEqualTo(26);
        assertThat(o.resultsAfter() - o.resultsBefore())
                .isEqualTo(o.resultsSent())
                .isEqualTo(26L * ServeLoad.CASES);
        assertThat(o.runsAfter() - o.runsBefore()).isEqualTo(26);
        assertThat(o.duplicateRuns()).isZero();
        assertThat(o.resentUnchanged()).isEqualTo(20);
        assertThat(o.errors()).isEmpty();
        assertThat(o.nothingLost()).isTrue();
        assertThat(o.nothingDoubled()).isTrue();
        assertThat(text.toString())
                .contains(
                        "warm-up, not counted: 6 reports",
                        "the detection pass they started ended",
                        "uploads:",
                        "reports/s",
                        "upload latency: p50",
                        "GET /api/v1/flakes under load",
                        "GET /api/v1/flakes alone",
                        "POST /api/v1/predict under load",
                        "POST /api/v1/predict alone",
                        "shows in /api/v1/flakes",
                        "what it waited for: a detection pass was",
                        "errors by status: none",
                        "PASS: nothing lost, nothing doubled");
        assertThat(o.predictions()).isPositive();
    }

    @Test
    void passesAreReadFromTheMetricsPage() {
        String page = "# TYPE flakelens_detection_passes_total counter\nflakelens_detection_passes_total 7\n"
                + "flakelens_detection_pending 0\n";
        assertThat(ServeLoad.passesTotal(page)).isEqualTo(7);
        assertThat(ServeLoad.passesTotal("flakelens_uploads_total 3\n")).isZero();
        assertThat(ServeLoad.passesTotal(null)).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] ns = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
        assertThat(ServeLoad.ms(ns, 0.5)).isEqualTo(2.0);
        assertThat(ServeLoad.ms(ns, 0.99)).isEqualTo(4.0);
        assertThat(ServeLoad.ms(new long[0], 0.99)).isZero();
    }
}
