package io.flakelens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payload benchmark at a tiny scale: it judges what it planted and prints its figure. No timing is asserted. */
class AggregateBenchTest {
    @TempDir
    Path dir;

    @Test
    void tinyPayloadCatchesThePlantedRegressions() throws Exception {
        StringWriter text = new StringWriter();
        AggregateBench.Figures o = new AggregateBench(new PrintWriter(text, true), dir).run(20, 300, 2);
        // history: 2 days x 18 runs x the 280 tests that are not new; payload: 20 runs x all 300
        assertThat(o.stored()).isEqualTo(2L * AggregateBench.RUNS_PER_DAY * 280 + 20L * 300);
        assertThat(o.tests()).isEqualTo(300);
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.caught()).isEqualTo(AggregateBench.REGRESSIONS);
        assertThat(text.toString())
                .contains(
                        "aggregate judge a payload of 20 runs x 300 tests against 2 days",
                        "caught 10 of 10 planted regressions",
                        "goal < 3 s");
    }
}
