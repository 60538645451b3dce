package io.flakelens.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * PostgreSQL loads a spooled CSV with {@code COPY ... FROM STDIN}, the fastest way in, inside the
 * ingest transaction. Tables where another instance may have stored the same key first go through
 * a temporary table and {@code on conflict do nothing}.
 */
final class PostgresDialect implements Dialect {
    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean concurrentConnections() {
        return true;
    }

    /**
     * A session advisory lock: of several instances sharing one database only one runs a periodic
     * job at a time; the others skip that pass rather than wait, since the holder produces the same
     * result. It dies with the session, so a killed instance never leaves it held.
     */
    @Override
    public boolean tryJobLock(Connection c, long key) throws SQLException {
        return advisory(c, "pg_try_advisory_lock", key);
    }

    @Override
    public void unlockJob(Connection c, long key) throws SQLException {
        advisory(c, "pg_advisory_unlock", key);
    }

    @Override
    public void cancelRunning(Connection c) throws SQLException {
        c.unwrap(PGConnection.class).cancelQuery();
    }

    private static boolean advisory(Connection c, String function, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + function + "(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public Spool.Text spoolText() {
        // COPY reads in order and honours CSV quoting exactly, CR and LF inside quotes included.
        return Spool.Text.QUOTED;
    }

    @Override
    public void load(Connection c, String table, Spool spool, boolean ignoreConflicts) throws SQLException {
        if (spool.rows() == 0) {
            return;
        }
        spool.flush();
        String target = table;
        if (ignoreConflicts) {
            target = "load_" + table;
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table if not exists " + target + " (like " + table + ")");
                s.execute("truncate " + target);
            }
        }
        try (InputStream in = Files.newInputStream(spool.path())) {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy " + target + " from stdin with (format csv, null '\\N')", in, 1 << 16);
        } catch (IOException e) {
            throw new SQLException("cannot read the spool of " + table + ": " + e.getMessage(), e);
        }
        if (ignoreConflicts) {
            try (Statement s = c.createStatement()) {
                s.execute("insert into " + table + " select * from " + target + " on conflict do nothing");
            }
        }
    }
}
