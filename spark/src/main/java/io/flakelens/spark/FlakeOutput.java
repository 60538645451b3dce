package io.flakelens.spark;

import io.flakelens.app.contract.FlakeJson;
import io.flakelens.app.contract.Json;
import io.flakelens.app.owner.OwnedFlake;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.owner.Owners;
import io.flakelens.core.owner.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the job leaves in its output folder: each detection table as Parquet (what
 * {@code flakelens import-flakes} loads), the ranked flakes as Parquet, and {@code flakes.json} in
 * the shape of {@code flakes --format json}. Owners come from the tests' names only (no CODEOWNERS or
 * rules: the job has no checkout) and {@code since_revision} is null (the change-point search reads
 * the store); {@code flakes} over the store after {@code import-flakes} fills both in.
 */
public final class FlakeOutput {
    private static final StructType RANKED = new StructType()
            .add("rank", DataTypes.IntegerType, false)
            .add("id", DataTypes.StringType, false)
            .add("suite", DataTypes.StringType, true)
            .add("name", DataTypes.StringType, true)
            .add("group_key", DataTypes.StringType, true)
            .add("score", DataTypes.LongType, false)
            .add("kinds", DataTypes.StringType, false)
            .add("occurrences", DataTypes.LongType, false)
            .add("changes", DataTypes.LongType, false)
            .add("runs", DataTypes.LongType, false)
            .add("failures", DataTypes.LongType, false)
            .add("flake_rate", DataTypes.DoubleType, false)
            .add("first_seen", DataTypes.TimestampType, true)
            .add("last_seen", DataTypes.TimestampType, true)
            .add("members", DataTypes.LongType, false)
            .add("suite_failed_whole", DataTypes.LongType, false);

    private FlakeOutput() {}

    /** The JSON {@code flakes --format json} prints for these flakes, owners from names alone. */
    public static String json(List<FlakyTest> flakes) {
        Owners owners = Owners.none();
        return Json.write(flakes.stream()
                .map(f -> FlakeJson.of(
                        new OwnedFlake(
                                f, owners.of(new Subject(null, f.id().suite(), f.id().name(), null)), null, null),
                        null))
                .toList());
    }

    public static void write(SparkSession spark, Path output, List<FlakyTest> flakes) {
        for (String table : SparkDialect.TARGETS.keySet()) {
            spark.table(table)
                    .write()
                    .mode(SaveMode.Overwrite)
                    .parquet(output.resolve(table).toString());
        }
        List<Row> rows = new ArrayList<>();
        int rank = 0;
        for (FlakyTest f : flakes) {
            rows.add(RowFactory.create(
                    ++rank,
                    f.id().id(),
                    f.id().suite(),
                    f.id().name(),
                    f.group(),
                    f.score(),
                    f.kinds().stream().map(EvidenceKind::label).collect(Collectors.joining(",")),
                    f.occurrences(),
                    f.changes(),
                    f.runs(),
                    f.failures(),
                    f.flakeRate(),
                    f.firstSeen() == null ? null : Timestamp.from(f.firstSeen()),
                    f.lastSeen() == null ? null : Timestamp.from(f.lastSeen()),
                    f.members(),
                    f.wholeSuite()));
        }
        spark.createDataFrame(rows, RANKED)
                .coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(output.resolve("flakes").toString());
        try {
            Files.writeString(output.resolve("flakes.json"), json(flakes) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output.resolve("flakes.json"), e);
        }
    }
}
