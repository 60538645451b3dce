package io.flakelens.spark;

import io.flakelens.bench.Benchmarks;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.detect.FlakeQueries;
import io.flakelens.store.export.ParquetExport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scale path measured (docs/scale.md): the bench's synthetic history of N results stored in
 * DuckDB, exported to Parquet, then detected and ranked over that Parquet by DuckDB on this node
 * and by Spark. Run with {@code bin/flakelens-spark bench --results N}.
 */
@Command(
        name = "flakelens-spark bench",
        mixinStandardHelpOptions = true,
        description = "Export N results to Parquet, then detect over it with DuckDB and with Spark.")
public final class SparkBench implements Callable<Integer> {
    @Option(names = "--results", defaultValue = "100000000", description = "History size (default: ${DEFAULT-VALUE})")
    long results;

    @Option(
            names = "--work",
            defaultValue = "bench-work/spark",
            description = "Scratch folder (default: ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--reuse", description = "Keep a history of the same size stored by an earlier run")
    boolean reuse;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        Path store = work.resolve("history-" + results + ".db");
        if (!reuse || !Files.exists(store)) {
            Files.deleteIfExists(store);
            Files.deleteIfExists(Path.of(store + ".wal"));
            long t0 = System.nanoTime();
            try (Database db = Database.open(store.toString())) {
                long n = Benchmarks.loadHistory(db, results);
                System.out.printf("history   %,d results stored in %.1f s%n", n, secs(t0));
            }
        }
        Path parquet = work.resolve("parquet");
        delete(parquet);
        long stored;
        try (Database db = Database.open(store.toString())) {
            long t0 = System.nanoTime();
            ParquetExport.Summary s = new ParquetExport(db).export(parquet, LocalDate.EPOCH, LocalDate.of(2100, 1, 1));
            double t = secs(t0);
            stored = s.results();
            System.out.printf(
                    "export    %,d results, %,d runs, %d days to Parquet: %.1f s, %,.0f results/s (%s on disk;"
                            + " goal >= 1,000,000 results/s)%n",
                    s.results(), s.runs(), s.written().size(), t, s.results() / t, size(parquet));
        }
        System.out.flush();

        Path duck = work.resolve("over-parquet.db");
        Files.deleteIfExists(duck);
        Files.deleteIfExists(Path.of(duck + ".wal"));
        try (Database db = Database.open(duck.toString())) {
            overParquet(db, parquet);
            long t0 = System.nanoTime();
            FlakeDetection.Outcome o = new FlakeDetection(DetectionConfig.defaults()).run(db);
            List<FlakyTest> ranked =
                    new FlakeQueries(db, FlakeScore.findit()).flakes(new FlakeFilter(Instant.EPOCH, null, null, 0));
            double t = secs(t0);
            System.out.printf(
                    "duckdb    detect + rank over the Parquet, one node: %.1f s, %,.0f results/s (detection %.1f s;"
                            + " %,d occurrences, %d flaky tests)%n",
                    t, stored / t, o.millis() / 1000.0, o.occurrences(), ranked.size());
        }
        System.out.flush();

        long t0 = System.nanoTime();
        SparkSession spark = FlakeJob.session(master, null);
        double start = secs(t0);
        try {
            long t1 = System.nanoTime();
            SparkDetection d = new SparkDetection(spark, DetectionConfig.defaults());
            SparkDetection.Outcome o = d.run(parquet);
            List<FlakyTest> ranked = d.flakes(false);
            double t = secs(t1);
            System.out.printf(
                    "spark     detect + rank over the Parquet, %s: %.1f s, %,.0f results/s (detection %.1f s;"
                            + " %,d occurrences, %d flaky tests; session start %.1f s)%n",
                    master, t, stored / t, o.millis() / 1000.0, o.occurrences(), ranked.size(), start);
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** The store's detection tables beside views of the export in place of its own runs, results and tests. */
    private static void overParquet(Database db, Path parquet) throws SQLException {
        String p = parquet.toAbsolutePath().toString().replace("'", "''");
        try (Statement s = db.connection().createStatement()) {
            s.execute("drop view timed_run");
            s.execute("drop table result");
            s.execute("drop table test");
            s.execute("create view timed_run as select * from read_parquet('" + p + "/runs/*/*.parquet')");
            s.execute("create view result as select * from read_parquet('" + p + "/results/*/*.parquet')");
            s.execute("create view test as select id, suite, name, group_key, file, owner from (select *,"
                    + " row_number() over (partition by id order by day desc) as n from read_parquet('" + p
                    + "/tests/*/*.parquet', hive_partitioning = true)) x where n = 1");
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long bytes = s.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
            return String.format("%.0f MB", bytes / 1e6);
        }
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
