package io.flakelens.spark;

import io.flakelens.store.detect.FlakeRows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The ranked list's grouped rows from Spark: the store's queries, with positional parameters. (Inside
 * this class {@code Row} is the listing's; Spark's is spelled out.)
 */
record SparkFlakeRows(SparkSession spark) implements FlakeRows {
    @Override
    public void each(String sql, List<Object> args, Consumer<FlakeRows.Row> row) {
        // grouped per test or group: small enough to collect on the driver
        List<org.apache.spark.sql.Row> rows = spark.sql(sql, args.toArray()).collectAsList();
        for (org.apache.spark.sql.Row r : rows) {
            row.accept(new FlakeRows.Row() {
                @Override
                public Object key(int column) {
                    return r.get(column - 1);
                }

                @Override
                public String text(int column) {
                    return r.isNullAt(column - 1) ? null : r.get(column - 1).toString();
                }

                @Override
                public long number(int column) {
                    return r.isNullAt(column - 1) ? 0 : ((Number) r.get(column - 1)).longValue();
                }

                @Override
                public boolean flag(int column) {
                    return !r.isNullAt(column - 1) && r.getBoolean(column - 1);
                }

                @Override
                public Instant instant(int column) {
                    Object v = r.get(column - 1);
                    return v instanceof Timestamp t ? t.toInstant() : (Instant) v;
                }
            });
        }
    }
}
