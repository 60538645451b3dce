package io.flakelens.store.export;

import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * Writes the store's runs, results (every attempt), failures and tests as Parquet under
 * {@code DIR/runs}, {@code DIR/results}, {@code DIR/failures} and {@code DIR/tests}, each in hive
 * partitions {@code day=YYYY-MM-DD} of the day (UTC) its run ran. Ids stay BIGINT, times are
 * TIMESTAMP WITH TIME ZONE (UTC), text is plain strings: types every engine reads.
 *
 * <p>Partitions hold whole days and are written once. A window covers whole UTC days, from the day
 * {@code since} falls in up to the day before {@code until}, by default today: the day still
 * running is left for a later export. A day whose {@code runs} partition already exists is skipped,
 * never rewritten; {@code runs/day=D} is moved into place last, so a day that was cut short (its
 * runs partition missing) is written again whole. A tests partition holds the tests its day's
 * results name; readers take each test's latest row.
 *
 * <p>DuckDB writes the files. A PostgreSQL store is read over JDBC into an in-memory DuckDB first,
 * so both stores write the same files.
 */
public final class ParquetExport {
    static final List<String> TABLES = List.of("results", "failures", "tests", "runs");

    /** What an export wrote: the days, and the rows of each table in them. */
    public record Summary(
            List<LocalDate> written, List<LocalDate> skipped, long runs, long results, long failures, long tests) {}

    private final Database db;

    public ParquetExport(Database db) {
        this.db = db;
    }

    /**
     * @param from  the first day of the window
     * @param until the day after the window (exclusive)
     */
    public Summary export(Path dir, LocalDate from, LocalDate until) {
        try {
            Files.createDirectories(dir);
            TreeSet<LocalDate> present = present(dir);
            if (db.dialectName().equals("duckdb")) {
                try (Connection c = ((DuckDBConnection) db.connection()).duplicate()) {
                    return write(c, dir, from, until, present);
                }
            }
            try (Database mem = Database.open(":memory:")) {
                InMemoryCopy.of(db.connection(), mem.connection(), from, until);
                return write(mem.connection(), dir, from, until, present);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot export to " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot export to " + dir + ": " + e, e);
        }
    }

    /** Days already exported whole: their runs partition exists. */
    private static TreeSet<LocalDate> present(Path dir) throws IOException {
        TreeSet<LocalDate> out = new TreeSet<>();
        Path runs = dir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return out;
        }
        try (Stream<Path> s = Files.list(runs)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("day="))
                    .forEach(n -> out.add(LocalDate.parse(n.substring(4))));
        }
        return out;
    }

    private static Summary write(Connection c, Path dir, LocalDate from, LocalDate until, TreeSet<LocalDate> present)
            throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            // the store's timestamps are UTC without a zone; the files say so explicitly
            s.execute("set TimeZone = 'UTC'");
            List<LocalDate> days = new ArrayList<>();
            List<LocalDate> skipped = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select distinct cast(ran_at as date) from timed_run where ran_at >= "
                    + literal(from) + " and ran_at < " + literal(until) + " order by 1")) {
                while (rs.next()) {
                    LocalDate d = rs.getObject(1, LocalDate.class);
                    (present.contains(d) ? skipped : days).add(d);
                }
            }
            if (days.isEmpty()) {
                return new Summary(days, skipped, 0, 0, 0, 0);
            }
            String inDays = " cast(u.ran_at as date) in ("
                    + days.stream().map(d -> "date '" + d + "'").collect(Collectors.joining(", ")) + ")";
            Path staging = dir.resolve(".staging-" + System.nanoTime());
            try {
                Files.createDirectories(staging);
                long results = copy(
                        s,
                        "select r.run_id, r.test_id, r.attempt, r.outcome, r.duration_ms, cast(u.ran_at as date) as day"
                                + " from result r join timed_run u on u.id = r.run_id where" + inDays,
                        staging.resolve("results"));
                long failures = copy(
                        s,
                        "select f.run_id, f.test_id, f.attempt, f.type, f.message, f.detail, f.text_hash, f.cluster,"
                                + " cast(u.ran_at as date) as day"
                                + " from failure f join timed_run u on u.id = f.run_id where" + inDays,
                        staging.resolve("failures"));
                long tests = copy(
                        s,
                        "select t.id, t.suite, t.name, t.group_key, t.file, t.owner, x.day from test t join"
                                + " (select distinct r.test_id, cast(u.ran_at as date) as day from result r"
                                + " join timed_run u on u.id = r.run_id where" + inDays + ") x on x.test_id = t.id",
                        staging.resolve("tests"));
                long runs = copy(
                        s,
                        "select u.id, u.source, u.external_id, u.job, u.builder, u.revision, u.change_id, u.patchset,"
                                + " u.equivalence, u.attempt, u.payload, cast(u.started_at as timestamptz) as started_at,"
                                + " u.duration_ms, u.status, u.url, u.merged, u.extra,"
                                + " cast(u.ingested_at as timestamptz) as ingested_at, u.rerun,"
                                + " cast(u.ran_at as timestamptz) as ran_at, cast(u.ran_at as date) as day"
                                + " from timed_run u where" + inDays,
                        staging.resolve("runs"));
                for (String table : TABLES) {
                    publish(staging.resolve(table), dir.resolve(table));
                }
                return new Summary(days, skipped, runs, results, failures, tests);
            } finally {
                delete(staging);
            }
        }
    }

    private static long copy(Statement s, String select, Path to) throws SQLException {
        return s.executeUpdate("copy (" + select + ") to '" + to.toString().replace("'", "''")
                + "' (format parquet, partition_by (day), compression zstd)");
    }

    /** Moves each day's folder into place; a leftover of an export cut short (its runs missing) is replaced. */
    private static void publish(Path staged, Path target) throws IOException {
        if (!Files.isDirectory(staged)) {
            return;
        }
        Files.createDirectories(target);
        List<Path> days;
        try (Stream<Path> s = Files.list(staged)) {
            days = s.sorted().toList();
        }
        for (Path day : days) {
            Path to = target.resolve(day.getFileName());
            if (Files.exists(to)) {
                delete(to);
            }
            Files.move(day, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static String literal(LocalDate d) {
        return "timestamp '" + d + " 00:00:00'";
    }
}
