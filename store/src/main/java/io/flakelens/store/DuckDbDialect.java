package io.flakelens.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * DuckDB reads a spooled CSV with its own parallel reader inside the ingest transaction. (Its JDBC
 * appender is no use here: it commits on its own, outside the transaction, every 2,048 rows.)
 */
final class DuckDbDialect implements Dialect {
    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public boolean concurrentConnections() {
        return false;
    }

    /** One process holds a DuckDB file, so its jobs are exclusive already. */
    @Override
    public boolean tryJobLock(Connection c, long key) {
        return true;
    }

    @Override
    public void unlockJob(Connection c, long key) {}

    /** Work on DuckDB shares the one connection and ends within seconds: it is left to finish. */
    @Override
    public void cancelRunning(Connection c) {}

    @Override
    public void load(Connection c, String table, Spool spool, String[][] columns, boolean ignoreConflicts)
            throws SQLException {
        if (spool.rows() == 0) {
            return;
        }
        spool.flush();
        StringJoiner cols = new StringJoiner(", ", "{", "}");
        for (String[] col : columns) {
            cols.add("'" + col[0] + "': '" + col[1] + "'");
        }
        String sql = "insert into " + table + " select * from read_csv('" + spool.path().toString().replace("'", "''")
                + "', columns = " + cols + ", header = false, delim = ',', quote = '\"', escape = '\"',"
                + " nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, strict_mode = true)"
                + (ignoreConflicts ? " on conflict do nothing" : "");
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
