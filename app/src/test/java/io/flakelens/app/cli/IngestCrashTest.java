package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.Main;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a real ingest process mid-way (SIGKILL, no shutdown hooks) and checks what docs/design.md
 * promises: no half run. Every run in the store has all of its results, and ingesting again
 * completes the rest without doubling anything.
 */
class IngestCrashTest {
    private static final int RUNS = 120;
    private static final int CASES = 400;

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aKilledIngestLeavesWholeRunsOnlyAndAReRunCompletesIt(String store) throws Exception {
        StringBuilder manifest = new StringBuilder();
        for (int r = 0; r < RUNS; r++) {
            StringBuilder xml = new StringBuilder("<testsuite name=\"S\">\n");
            for (int c = 0; c < CASES; c++) {
                xml.append("<testcase classname=\"com.acme.S")
                        .append(c % 7)
                        .append("\" name=\"t")
                        .append(c)
                        .append("\"")
                        .append(c % 50 == 0 ? "><failure message=\"x\">trace</failure></testcase>\n" : "/>\n");
            }
            Files.writeString(dir.resolve("r" + r + ".xml"), xml.append("</testsuite>\n"));
            manifest.append("{\"run\":\"r")
                    .append(r)
                    .append("\",\"job\":\"unit\",\"reports\":[\"r")
                    .append(r)
                    .append(".xml\"]}\n");
        }
        Path runs = Files.writeString(dir.resolve("runs.jsonl"), manifest);
        String db = TestStores.fresh(store, dir);

        // Small transactions so that the kill lands between commits as well as inside one.
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dflakelens.ingest.commitRows=3000",
                        // spools on disk from the first row, as a batch past the memory of a spool goes
                        "-Dflakelens.ingest.spoolMemoryBytes=0",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "ingest",
                        "--db",
                        db,
                        "--manifest",
                        runs.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        // Wait until some work has committed, then kill without warning.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive() && !someCommitted(store, db)) {
            Thread.sleep(20);
        }
        boolean killedMidway = p.isAlive();
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        long storedRuns;
        try (Database d = Database.open(db);
                Statement s = d.connection().createStatement()) {
            storedRuns = scalar(s, "select count(*) from run");
            // no half run: every stored run has every result and its report
            assertThat(scalar(
                            s,
                            "select count(*) from (select run_id from result group by run_id" + " having count(*) <> "
                                    + CASES + ") x"))
                    .isZero();
            assertThat(scalar(s, "select count(*) from report")).isEqualTo(storedRuns);
            assertThat(scalar(s, "select count(distinct run_id) from result")).isEqualTo(storedRuns);
        }
        assertThat(killedMidway)
                .as("the kill must land while ingest is still writing")
                .isTrue();
        assertThat(storedRuns).isLessThan(RUNS);

        // The kill left its spool folder behind; the next ingest (a process of its own, as in CI) removes it.
        assertThat(spoolFoldersOf(p.pid()))
                .as("the killed ingest's spool folder")
                .isNotEmpty();
        Process again = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "ingest",
                        "--db",
                        db,
                        "--manifest",
                        runs.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("again.txt").toFile())
                .start();
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue())
                .as(Files.readString(dir.resolve("again.txt")))
                .isZero();
        assertThat(spoolFoldersOf(p.pid()))
                .as("stale spool folders after the next ingest")
                .isEmpty();
        try (Database d = Database.open(db);
                Statement s = d.connection().createStatement()) {
            assertThat(scalar(s, "select count(*) from run")).isEqualTo(RUNS);
            assertThat(scalar(s, "select count(*) from result")).isEqualTo((long) RUNS * CASES);
        }
    }

    /** The spool folders in the temporary folder whose lock file names {@code pid}. */
    private static List<Path> spoolFoldersOf(long pid) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds =
                Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "flakelens-ingest*")) {
            for (Path d : ds) {
                Path lock = d.resolve("owner.lock");
                try {
                    if (Files.readString(lock).strip().equals(String.valueOf(pid))) {
                        out.add(d);
                    }
                } catch (IOException e) {
                    // not one of ours, or gone as we looked
                }
            }
        }
        return out;
    }

    /** DuckDB: the file has grown (the ingest holds it, so it cannot be opened); PostgreSQL: a run is visible. */
    private static boolean someCommitted(String store, String db) throws Exception {
        if (store.equals("duckdb")) {
            Path file = Path.of(db);
            Path wal = Path.of(db + ".wal");
            return Files.exists(file) && Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0) >= 600_000;
        }
        try (Connection c = DriverManager.getConnection(db);
                Statement s = c.createStatement()) {
            return scalarIfRunTable(s) > 0;
        }
    }

    private static long scalarIfRunTable(Statement s) throws SQLException {
        try {
            return scalar(s, "select count(*) from run");
        } catch (SQLException e) {
            return 0; // the schema is not there yet
        }
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
