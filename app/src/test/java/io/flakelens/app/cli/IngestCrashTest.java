package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.Main;
import io.flakelens.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real ingest process mid-way (SIGKILL, no shutdown hooks) and checks what DESIGN.md
 * promises: no half run. Every run in the store has all of its results, and ingesting again
 * completes the rest without doubling anything.
 */
class IngestCrashTest {
    private static final int RUNS = 120;
    private static final int CASES = 400;

    @TempDir
    Path dir;

    @Test
    void aKilledIngestLeavesWholeRunsOnlyAndAReRunCompletesIt() throws Exception {
        StringBuilder manifest = new StringBuilder();
        for (int r = 0; r < RUNS; r++) {
            StringBuilder xml = new StringBuilder("<testsuite name=\"S\">\n");
            for (int c = 0; c < CASES; c++) {
                xml.append("<testcase classname=\"com.acme.S").append(c % 7).append("\" name=\"t").append(c)
                        .append("\"").append(c % 50 == 0 ? "><failure message=\"x\">trace</failure></testcase>\n" : "/>\n");
            }
            Files.writeString(dir.resolve("r" + r + ".xml"), xml.append("</testsuite>\n"));
            manifest.append("{\"run\":\"r").append(r).append("\",\"job\":\"unit\",\"reports\":[\"r").append(r)
                    .append(".xml\"]}\n");
        }
        Path runs = Files.writeString(dir.resolve("runs.jsonl"), manifest);
        Path db = dir.resolve("crash.db");

        // Small transactions so that the kill lands between commits as well as inside one.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dflakelens.ingest.commitRows=3000", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "ingest", "--db", db.toString(), "--manifest", runs.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        // Wait until some work has committed (the database file grows), then kill without warning.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()
                && (!Files.exists(db) || Files.size(db) + walSize(db) < 600_000)) {
            Thread.sleep(20);
        }
        boolean killedMidway = p.isAlive();
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        long storedRuns;
        try (Database d = Database.open(db.toString()); Statement s = d.connection().createStatement()) {
            storedRuns = scalar(s, "select count(*) from run");
            // no half run: every stored run has every result and its report
            assertThat(scalar(s, "select count(*) from (select run_id from result group by run_id"
                    + " having count(*) <> " + CASES + ") x")).isZero();
            assertThat(scalar(s, "select count(*) from report")).isEqualTo(storedRuns);
            assertThat(scalar(s, "select count(distinct run_id) from result")).isEqualTo(storedRuns);
        }
        assertThat(killedMidway).as("the kill must land while ingest is still writing").isTrue();
        assertThat(storedRuns).isLessThan(RUNS);

        Cli again = Cli.run("ingest", "--db", db.toString(), "--manifest", runs.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        try (Database d = Database.open(db.toString()); Statement s = d.connection().createStatement()) {
            assertThat(scalar(s, "select count(*) from run")).isEqualTo(RUNS);
            assertThat(scalar(s, "select count(*) from result")).isEqualTo((long) RUNS * CASES);
        }
    }

    private static long walSize(Path db) throws java.io.IOException {
        Path wal = Path.of(db + ".wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static long scalar(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
