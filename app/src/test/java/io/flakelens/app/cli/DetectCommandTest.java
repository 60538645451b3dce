package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.store.Database;
import io.flakelens.store.History;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code flakelens detect} reads only the runs that got a report since the last pass; {@code --full} all. */
class DetectCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPassReadsTheNewRunsAndFullReadsEveryRun(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        try (Database d = Database.open(db)) {
            History h = new History(d);
            for (int r = 0; r < 4; r++) {
                h.post("unit", "linux", "r" + r, T0.plusSeconds(60L * r))
                        .test("com.acme.A", "a", r == 1 ? "FP" : "P")
                        .passing(3);
            }
            h.store();
        }
        assertThat(Cli.run("detect", "--db", db).out())
                .startsWith("1 flake occurrences")
                .contains("(read all 4 runs");
        try (Database d = Database.open(db)) {
            History h = new History(d);
            h.post("unit", "linux", "r4", T0.plusSeconds(240))
                    .test("com.acme.A", "a", "FP")
                    .passing(3);
            h.store();
        }
        assertThat(Cli.run("detect", "--db", db).out())
                .startsWith("2 flake occurrences")
                .contains("(read 1 runs");
        assertThat(Cli.run("detect", "--db", db).out()).contains("(read 0 runs");
        assertThat(Cli.run("detect", "--db", db, "--full").out())
                .startsWith("2 flake occurrences")
                .contains("(read all 5 runs");
    }
}
