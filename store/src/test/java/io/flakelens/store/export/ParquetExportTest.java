package io.flakelens.store.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The export's day partitions: whole days, written once, in types any engine reads; alike from both stores. */
class ParquetExportTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    /** 300 runs ten minutes apart from 2026-11-20 00:00 UTC: three days, the third partly. */
    private static void history(Database db) {
        Scenario s = new Scenario(db);
        for (int i = 0; i < 300; i++) {
            s.post("r" + i, "linux").test("a", i % 7 == 0 ? "FP" : "P").passing(2);
        }
        s.store();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLaterWindowAddsDaysAndLeavesWrittenOnesAlone(String store) throws Exception {
        Path out = dir.resolve("parquet");
        try (Database db = TestStores.open(store, dir)) {
            history(db);
            ParquetExport export = new ParquetExport(db);
            ParquetExport.Summary first =
                    export.export(out, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-21"));
            assertThat(first.written()).containsExactly(LocalDate.parse("2026-11-20"));
            // 143 runs on the first day (the clock starts ticking at 00:10), 3 tests each
            assertThat(first.runs()).isEqualTo(143);
            Path day1 = only(out.resolve("results/day=2026-11-20"));
            FileTime written = Files.getLastModifiedTime(day1);

            ParquetExport.Summary second =
                    export.export(out, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"));
            assertThat(second.skipped()).containsExactly(LocalDate.parse("2026-11-20"));
            assertThat(second.written()).containsExactly(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-22"));
            assertThat(Files.getLastModifiedTime(only(out.resolve("results/day=2026-11-20"))))
                    .isEqualTo(written);
            assertThat(first.runs() + second.runs()).isEqualTo(300);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            assertThat(rows(
                            s,
                            "select count(*), count(distinct run_id) from read_parquet('" + out
                                    + "/results/*/*.parquet', hive_partitioning = true)"))
                    .containsExactly("943 300");
            // ids plain BIGINT, times UTC instants: nothing an engine has to know DuckDB or PostgreSQL for
            assertThat(rows(
                            s,
                            "select name, type, logical_type from parquet_schema('" + out
                                    + "/runs/day=2026-11-20/*.parquet') where name in ('id', 'ran_at')"))
                    .containsExactly(
                            "id INT64 null",
                            "ran_at INT64 TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=<null>,"
                                    + " MICROS=MicroSeconds(), NANOS=<null>))");
            assertThat(rows(
                            s,
                            "select count(*) from (select distinct name, type from parquet_schema('" + out
                                    + "/**/*.parquet') where type in ('FIXED_LEN_BYTE_ARRAY', 'INT96'))"))
                    .containsExactly("0");
        }
    }

    private static Path only(Path partition) throws Exception {
        try (Stream<Path> s = Files.list(partition)) {
            return s.findFirst().orElseThrow();
        }
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(" ", cols));
            }
        }
        return out;
    }
}
