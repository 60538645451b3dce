package io.flakelens.spark;

import io.flakelens.core.detect.FlakyTest;
import io.flakelens.store.detect.DetectionConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark job: reads {@code flakelens export --parquet}'s folder, runs detection and the ranking,
 * and writes the detection tables, the ranked flakes and {@code flakes.json} (docs/scale.md). Run by
 * {@code bin/flakelens-spark} in local mode, or by {@code spark-submit} on a cluster.
 */
@Command(
        name = "flakelens-spark",
        mixinStandardHelpOptions = true,
        description = "Detect and rank flaky tests on Spark over an export's Parquet.")
public final class FlakeJob implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR", description = "flakelens export --parquet's folder")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where results go")
    Path output;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master, e.g. local[2]; spark-submit sets it on a cluster")
    String master;

    @Option(
            names = "--shuffle-partitions",
            paramLabel = "N",
            description = "spark.sql.shuffle.partitions (default: Spark's, or 4 in local mode)")
    Integer partitions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FlakeJob()).execute(args));
    }

    /** A session as the job and the tests use it: UTC, Java time types, Parquet timestamps in micros. */
    public static SparkSession session(String master, Integer partitions) {
        SparkSession.Builder b = SparkSession.builder()
                .appName("flakelens")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            b.master(master);
            if (master.startsWith("local")) {
                b.config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", partitions == null ? 4 : partitions);
            }
        }
        if (partitions != null) {
            b.config("spark.sql.shuffle.partitions", partitions);
        }
        quietSpark();
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** The product logs through Logback at INFO; Spark's chatter at that level would bury the job's figures. */
    private static void quietSpark() {
        for (String name : List.of(
                "org.apache.spark", "org.apache.hadoop", "org.sparkproject", "org.apache.parquet", "io.netty")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    @Override
    public Integer call() {
        SparkSession spark = session(master, partitions);
        try {
            SparkDetection d = new SparkDetection(spark, DetectionConfig.defaults());
            SparkDetection.Outcome o = d.run(input);
            long t = System.nanoTime();
            List<FlakyTest> flakes = d.flakes(false);
            FlakeOutput.write(spark, output, flakes);
            System.out.printf(
                    "%,d flake occurrences, %d infrastructure runs, %d broken suites, %d set-up flakes, %,d consistent"
                            + " failures (detection %.1f s); ranked %d flaky tests and wrote %s (%.1f s)%n",
                    o.occurrences(),
                    o.infraRuns(),
                    o.brokenSuites(),
                    o.setupFlakes(),
                    o.consistentFailures(),
                    o.millis() / 1000.0,
                    flakes.size(),
                    output.resolve("flakes.json"),
                    (System.nanoTime() - t) / 1e9);
            return 0;
        } finally {
            spark.stop();
        }
    }
}
