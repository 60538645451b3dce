package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code export --parquet} and {@code import-flakes} as a user runs them, on both stores. */
class ExportCommandTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void exportAddsWholeDaysOnceAndImportNamesWhatIsMissing(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        try (Database d = Database.open(db)) {
            Scenario s = new Scenario(d);
            // ten minutes apart from 2026-11-20 00:10 UTC: two days
            for (int i = 0; i < 200; i++) {
                s.post("r" + i, "linux").test("a", i % 9 == 0 ? "FP" : "P").passing(2);
            }
            s.store();
        }
        Path out = dir.resolve("parquet");
        Cli first = Cli.run("export", "--db", db, "--parquet", out.toString(), "--until", "2026-11-21");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("Exported 1 days (2026-11-20 .. 2026-11-20)")
                .contains("143 runs");

        Cli second = Cli.run("export", "--db", db, "--parquet", out.toString(), "--until", "2100-01-01");
        assertThat(second.out())
                .contains("1 days already in")
                .contains("Exported 1 days (2026-11-21 .. 2026-11-21)")
                .contains("57 runs");
        assertThat(Cli.run("export", "--db", db, "--parquet", out.toString(), "--until", "2100-01-01")
                        .out())
                .contains("No new whole day");
        assertThat(Files.list(out.resolve("results")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("day=2026-11-20", "day=2026-11-21");

        Cli bad = Cli.run("export", "--db", db, "--parquet", out.toString(), "--until", "tomorrow");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--until").contains("tomorrow");

        Cli missing =
                Cli.run("import-flakes", "--db", db, dir.resolve("nothing").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err())
                .contains(dir.resolve("nothing").resolve("flake_occurrence").toString());
    }
}
