package io.flakelens.spark;

import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.detect.FlakeListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Detection over an export's Parquet on Spark: the export's tables as the views detection reads
 * ({@code timed_run}, {@code result}, {@code test}), the store's pipeline through {@link SparkDialect},
 * and the store's ranking fed by Spark.
 */
public final class SparkDetection {
    /** What a pass found, counted as the store's {@code detect} counts it. */
    public record Outcome(
            long occurrences,
            long infraRuns,
            long brokenSuites,
            long setupFlakes,
            long consistentFailures,
            long millis) {}

    private final SparkSession spark;
    private final DetectionConfig config;

    public SparkDetection(SparkSession spark, DetectionConfig config) {
        this.spark = spark;
        this.config = config;
    }

    /** Reads the export in {@code input} and runs the pipeline; the detection tables are then cached views. */
    public Outcome run(Path input) {
        long t0 = System.nanoTime();
        for (String table : List.of("runs", "results", "tests")) {
            if (!Files.isDirectory(input.resolve(table))) {
                throw new IllegalArgumentException("cannot read " + input.resolve(table)
                        + ": no such folder (flakelens export --parquet writes runs, results, failures and tests)");
            }
        }
        spark.read().parquet(input.resolve("runs").toString()).createOrReplaceTempView("timed_run");
        spark.read().parquet(input.resolve("results").toString()).createOrReplaceTempView("result");
        spark.read().parquet(input.resolve("tests").toString()).createOrReplaceTempView("test_rows");
        // a test appears in every day partition that ran it: its latest row is the one that counts
        materialise(
                "test",
                "select id, suite, name, group_key, file, owner from (select *, row_number() over (partition by id"
                        + " order by day desc) as n from test_rows) x where n = 1");
        boolean trace = Boolean.getBoolean("flakelens.trace");
        for (SparkDialect.Step step : SparkDialect.translate(new FlakeDetection(config).pipeline())) {
            long t = System.nanoTime();
            if (step instanceof SparkDialect.Materialise) {
                materialise(step.view(), step.select());
            } else {
                spark.sql(step.select()).createOrReplaceTempView(step.view());
            }
            if (trace) {
                System.err.printf("spark %6d ms  %s%n", (System.nanoTime() - t) / 1_000_000, step.view());
            }
        }
        return new Outcome(
                count("select count(*) from flake_occurrence"),
                count("select count(*) from infra_run where kind = 'run'"),
                count("select count(*) from infra_run where kind = 'suite'"),
                count("select count(*) from setup_flake"),
                count("select count(*) from consistent_failure"),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** The ranked list over the whole export, as {@code flakes --since all --limit 0} ranks it. */
    public List<FlakyTest> flakes(boolean byGroup) {
        return new FlakeListing(FlakeScore.findit())
                .flakes(new SparkFlakeRows(spark), new FlakeFilter(Instant.EPOCH, null, null, 0), byGroup);
    }

    /** Rows kept on the executors with their lineage cut, so later plans stay small. */
    private void materialise(String view, String select) {
        Dataset<Row> rows = spark.sql(select).localCheckpoint(true);
        rows.createOrReplaceTempView(view);
    }

    private long count(String sql) {
        return spark.sql(sql).first().getLong(0);
    }
}
