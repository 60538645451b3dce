package io.flakelens.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * PostgreSQL: temporary staging tables too (each connection has its own, so several app instances
 * can ingest at once), filled by batched inserts that the driver rewrites into multi-row ones.
 */
final class PostgresDialect implements Dialect {
    private static final int BATCH = 5_000;

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public void createStaging(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : Staging.DDL) {
                String table = ddl.split("\\s+")[3];
                s.execute("drop table if exists " + table);
                s.execute(ddl);
            }
        }
    }

    @Override
    public BulkWriter bulk(Connection c, String table, int columns) throws SQLException {
        String sql = "insert into " + table + " values (" + String.join(",", Collections.nCopies(columns, "?")) + ")";
        PreparedStatement ps = c.prepareStatement(sql);
        return new BulkWriter() {
            private int pending;

            @Override
            public void row(Object... values) throws SQLException {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.addBatch();
                if (++pending >= BATCH) {
                    flush();
                }
            }

            @Override
            public void flush() throws SQLException {
                if (pending > 0) {
                    ps.executeBatch();
                    pending = 0;
                }
            }

            @Override
            public void close() throws SQLException {
                flush();
                ps.close();
            }
        };
    }
}
