package io.flakelens.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB: the appender is the fast path (over a million rows a second here), but it commits on its
 * own, outside the connection's transaction. So ingest appends into temporary staging tables, which
 * a crash simply loses, and one SQL transaction moves them into the real tables.
 */
final class DuckDbDialect implements Dialect {
    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public void createStaging(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : Staging.DDL) {
                s.execute(ddl.replace("create temporary table", "create or replace temporary table"));
            }
        }
    }

    @Override
    public BulkWriter bulk(Connection c, String table, int columns) throws SQLException {
        DuckDBConnection dc = c.unwrap(DuckDBConnection.class);
        DuckDBAppender appender = dc.createAppender("temp", "main", table);
        return new BulkWriter() {
            @Override
            public void row(Object... values) throws SQLException {
                appender.beginRow();
                for (Object v : values) {
                    if (v == null) {
                        appender.appendNull();
                    } else if (v instanceof Long l) {
                        appender.append(l.longValue());
                    } else if (v instanceof Integer i) {
                        appender.append(i.intValue());
                    } else if (v instanceof String s) {
                        appender.append(s);
                    } else if (v instanceof Boolean b) {
                        appender.append(b.booleanValue());
                    } else if (v instanceof Timestamp t) {
                        appender.append(t.toLocalDateTime());
                    } else if (v instanceof LocalDateTime t) {
                        appender.append(t);
                    } else {
                        throw new SQLException("cannot append " + v.getClass());
                    }
                }
                appender.endRow();
            }

            @Override
            public void flush() throws SQLException {
                appender.flush();
            }

            @Override
            public void close() throws SQLException {
                appender.close();
            }
        };
    }
}
