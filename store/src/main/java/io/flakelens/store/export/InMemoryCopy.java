package io.flakelens.store.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A window of a PostgreSQL store copied into an in-memory DuckDB of the same schema, so DuckDB's
 * Parquet writer exports it as it exports its own files. Rows stream (a fetch size inside a
 * transaction) and land through the Appender; times are read as stored (UTC), never shifted by the
 * JVM's zone.
 */
final class InMemoryCopy {
    private static final int FETCH = 10_000;

    private InMemoryCopy() {}

    static void of(Connection from, Connection to, LocalDate first, LocalDate until) throws SQLException {
        String window = "select id from timed_run where ran_at >= ? and ran_at < ?";
        boolean auto = from.getAutoCommit();
        from.setAutoCommit(false);
        try {
            table(from, to, "run", "select * from run where id in (" + window + ")", first, until);
            table(from, to, "result", "select * from result where run_id in (" + window + ")", first, until);
            table(from, to, "failure", "select * from failure where run_id in (" + window + ")", first, until);
            table(
                    from,
                    to,
                    "test",
                    "select * from test where id in (select distinct test_id from result where run_id in (" + window
                            + "))",
                    first,
                    until);
            from.commit();
        } finally {
            from.setAutoCommit(auto);
        }
    }

    private static void table(
            Connection from, Connection to, String table, String sql, LocalDate first, LocalDate until)
            throws SQLException {
        try (PreparedStatement ps = from.prepareStatement(sql)) {
            ps.setFetchSize(FETCH);
            ps.setObject(1, first.atStartOfDay());
            ps.setObject(2, until.atStartOfDay());
            try (ResultSet rs = ps.executeQuery();
                    DuckDBAppender a = ((DuckDBConnection) to).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                int[] types = new int[n + 1];
                for (int i = 1; i <= n; i++) {
                    types[i] = md.getColumnType(i);
                }
                while (rs.next()) {
                    a.beginRow();
                    for (int i = 1; i <= n; i++) {
                        append(a, rs, i, types[i]);
                    }
                    a.endRow();
                }
            }
        }
    }

    private static void append(DuckDBAppender a, ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.BIGINT -> {
                long v = rs.getLong(i);
                nullOr(a, rs, () -> a.append(v));
            }
            case Types.INTEGER, Types.SMALLINT -> {
                int v = rs.getInt(i);
                nullOr(a, rs, () -> a.append(v));
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(i);
                nullOr(a, rs, () -> a.append(v));
            }
            case Types.TIMESTAMP -> {
                LocalDateTime v = rs.getObject(i, LocalDateTime.class);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            }
            default -> {
                String v = rs.getString(i);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            }
        }
    }

    private interface Append {
        void run() throws SQLException;
    }

    private static void nullOr(DuckDBAppender a, ResultSet rs, Append value) throws SQLException {
        if (rs.wasNull()) {
            a.appendNull();
        } else {
            value.run();
        }
    }
}
