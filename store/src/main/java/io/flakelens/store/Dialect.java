package io.flakelens.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where DuckDB and PostgreSQL differ. Everything else is one set of SQL; keep this seam small.
 */
sealed interface Dialect permits DuckDbDialect, PostgresDialect {

    String name();

    /** How this store's bulk reader wants the text of a spool. */
    Spool.Text spoolText();

    /**
     * Whether a second connection may work beside the first (read one snapshot while the other
     * writes). DuckDB lets one process hold a file, through one writing connection here.
     */
    boolean concurrentConnections();

    /** Takes the job lock {@code key} if no other session holds it; never waits. */
    boolean tryJobLock(Connection c, long key) throws SQLException;

    void unlockJob(Connection c, long key) throws SQLException;

    /** Asks the server to cancel the statement running on {@code c}, from any thread. */
    void cancelRunning(Connection c) throws SQLException;

    /**
     * Bulk-loads a spool file into {@code table} inside the current transaction.
     *
     * @param ignoreConflicts rows whose key is already stored are skipped, not an error
     */
    void load(Connection c, String table, Spool spool, boolean ignoreConflicts) throws SQLException;

    static Dialect of(String url) {
        return url.startsWith("jdbc:postgresql:") ? new PostgresDialect() : new DuckDbDialect();
    }
}
