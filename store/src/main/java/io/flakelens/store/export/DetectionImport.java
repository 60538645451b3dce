package io.flakelens.store.export;

import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import io.flakelens.store.detect.FlakeDetection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads what a detection pass run elsewhere over an export wrote (the Spark job's
 * {@code flake_occurrence}, {@code infra_run}, {@code setup_flake} and {@code consistent_failure}
 * folders of Parquet) in place of the store's detection tables, in one transaction, and marks
 * detection fresh, so listings, the dashboard and bug filing read them. Rows that name a run or test
 * the store does not hold refuse the whole load: the files came from another store's export.
 */
public final class DetectionImport {
    /** One detection table: its folder, its columns in order, and which of them must name stored rows. */
    private record Table(String name, List<String> columns, boolean namesTests) {}

    private static final List<Table> TABLES = List.of(
            new Table(
                    "flake_occurrence",
                    List.of("run_id", "test_id", "kind", "post_submit", "change_id", "job", "builder", "occurred_at"),
                    true),
            new Table("infra_run", List.of("run_id", "kind", "suite", "failed", "total", "message", "stretch"), false),
            new Table("setup_flake", List.of("run_id", "suite", "failed", "total"), false),
            new Table("consistent_failure", List.of("run_id", "test_id"), true));

    public record Summary(long occurrences, long infraRuns, long setupFlakes, long consistentFailures) {}

    private DetectionImport() {}

    public static Summary load(Database db, Path dir) {
        for (Table t : TABLES) {
            Path folder = dir.resolve(t.name());
            if (!hasParquet(folder)) {
                throw new StoreException("cannot import " + folder + ": no Parquet files there (the Spark job writes"
                        + " flake_occurrence, infra_run, setup_flake and consistent_failure under its --output)");
            }
        }
        long[] counts = new long[TABLES.size()];
        try (Connection files = DriverManager.getConnection("jdbc:duckdb:");
                Statement fs = files.createStatement()) {
            fs.execute("set TimeZone = 'UTC'");
            db.inTransaction("import detection results from " + dir, c -> {
                for (int i = 0; i < TABLES.size(); i++) {
                    Table t = TABLES.get(i);
                    counts[i] = load(fs, c, t, dir.resolve(t.name()));
                }
                FlakeDetection.markFresh(db);
            });
        } catch (SQLException e) {
            throw new StoreException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new Summary(counts[0], counts[1], counts[2], counts[3]);
    }

    private static long load(Statement files, Connection store, Table t, Path folder) throws SQLException {
        try (Statement s = store.createStatement()) {
            s.execute("delete from " + t.name());
        }
        String cols = String.join(", ", t.columns());
        String select = "select " + cols.replace("occurred_at", "cast(occurred_at as timestamp) as occurred_at")
                + " from read_parquet('" + folder.toString().replace("'", "''") + "/**/*.parquet')";
        long n = 0;
        String marks = "?" + ", ?".repeat(t.columns().size() - 1);
        try (ResultSet rs = files.executeQuery(select);
                PreparedStatement ps =
                        store.prepareStatement("insert into " + t.name() + " (" + cols + ") values (" + marks + ")")) {
            int width = t.columns().size();
            int[] types = new int[width + 1];
            for (int i = 1; i <= width; i++) {
                types[i] = rs.getMetaData().getColumnType(i);
            }
            while (rs.next()) {
                for (int i = 1; i <= width; i++) {
                    Object v = types[i] == Types.TIMESTAMP ? rs.getObject(i, LocalDateTime.class) : rs.getObject(i);
                    ps.setObject(i, v);
                }
                ps.addBatch();
                if (++n % 10_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        refuseStrangers(store, t, folder, "run_id", "run", "runs");
        if (t.namesTests()) {
            refuseStrangers(store, t, folder, "test_id", "test", "tests");
        }
        return n;
    }

    private static void refuseStrangers(
            Connection store, Table t, Path folder, String column, String owner, String what) throws SQLException {
        try (Statement s = store.createStatement();
                ResultSet rs = s.executeQuery("select count(*), min(x." + column + ") from " + t.name() + " x"
                        + " where not exists (select 1 from " + owner + " o where o.id = x." + column + ")")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new StoreException("cannot import " + folder + ": " + rs.getLong(1) + " rows name " + what
                        + " this store does not hold (" + column + " " + rs.getLong(2) + " first); were they"
                        + " detected over an export of another store? Nothing was imported.");
            }
        }
    }

    private static boolean hasParquet(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }
}
