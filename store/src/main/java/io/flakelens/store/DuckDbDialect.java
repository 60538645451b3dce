package io.flakelens.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * DuckDB reads a spooled CSV with its own parallel reader inside the ingest transaction. (Its JDBC
 * appender is no faster here: it commits on its own every 2,048 rows unless a statement has begun the
 * transaction, and within one it keeps the rows in memory for the commit to compress and write, where
 * an insert from a file writes full row groups as it goes: 600,000 test rows took 1.4 to 2.1 s to
 * append and then 1.0 to 1.5 s to commit.) That reader splits a file at guessed line starts, so
 * text with a line break comes as Base64 ({@link Spool.Text#ONE_LINE}), and every option is given,
 * none sniffed: a CR in the first row once made it guess the line ending and fail the batch.
 */
final class DuckDbDialect implements Dialect {
    /** DuckDB's own default; a longer row (a long test name, say) raises it for that load. */
    private static final long DEFAULT_MAX_LINE = 2_000_000;

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

    @Override
    public void lockJob(Connection c, long key) {}

    /** Work on DuckDB shares the one connection and ends within seconds: it is left to finish. */
    @Override
    public void cancelRunning(Connection c) {}

    @Override
    public Spool.Text spoolText() {
        return Spool.Text.ONE_LINE;
    }

    @Override
    public void prepareIngest(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create temporary table if not exists stage_run as select * from run where 1 = 0");
            s.execute("delete from stage_run");
        }
    }

    /** One writer holds the file: nothing else writes a run while this transaction does. */
    @Override
    public void lockRuns(Connection c, long[] runIds) {}

    /** Never called: with one writer, attempts are numbered exactly when they are spooled. */
    @Override
    public void loadAfterStoredAttempts(Connection c, Spool results, Spool failures, long[] storedRuns) {
        throw new UnsupportedOperationException("DuckDB numbers attempts when it spools them");
    }

    /**
     * The column that identifies a row of a table loaded with {@code ignoreConflicts}. Such tables
     * carry no key on DuckDB (V13__test_unkeyed.sql), so the load skips stored rows itself; the
     * session never spools one test twice.
     */
    private static String key(String table) {
        if (!table.equals("test")) {
            throw new IllegalArgumentException("no key known for skipping stored rows of " + table);
        }
        return "id";
    }

    @Override
    public long load(Connection c, String table, Spool spool, boolean ignoreConflicts) throws SQLException {
        if (spool.rows() == 0) {
            return 0;
        }
        spool.flush();
        String[][] columns = spool.columns();
        StringJoiner cols = new StringJoiner(", ", "{", "}");
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < columns.length; i++) {
            String name = columns[i][0];
            cols.add("'" + name + "': '" + columns[i][1] + "'");
            String column = "\"" + name + "\"";
            select.add(
                    spool.isText(i)
                            ? "case when starts_with(" + column + ", chr(1)) then decode(from_base64(substr(" + column
                                    + ", 2))) else " + column + " end"
                            : column);
        }
        long maxLine = Math.max(DEFAULT_MAX_LINE, spool.longestRow() + 1024);
        String sql = "insert into " + table + " select " + select + " from read_csv('"
                + spool.path().toString().replace("'", "''") + "', columns = " + cols
                + ", header = false, delim = ',', quote = '\"', escape = '\"', new_line = '\\n',"
                + " nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, strict_mode = true,"
                + " max_line_size = " + maxLine + ") s"
                + (ignoreConflicts
                        ? " where not exists (select 1 from " + table + " t where t." + key(table) + " = s."
                                + key(table) + ")"
                        : "");
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return Math.max(0, s.getUpdateCount());
        }
    }
}
