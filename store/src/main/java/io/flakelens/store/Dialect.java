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

    /** As {@link #tryJobLock}, waiting for the session that holds it. */
    void lockJob(Connection c, long key) throws SQLException;

    /** Asks the server to cancel the statement running on {@code c}, from any thread. */
    void cancelRunning(Connection c) throws SQLException;

    /**
     * Bulk-loads a spool file into {@code table} inside the current transaction.
     *
     * @param ignoreConflicts rows whose key is already stored are skipped, not an error
     * @return the rows inserted (fewer than the spool's when some were skipped)
     */
    long load(Connection c, String table, Spool spool, boolean ignoreConflicts) throws SQLException;

    /**
     * Readies a connection for ingest sessions, outside any transaction: the temporary tables loads
     * go through and, where other writers may hold a run, how long to wait for one. Connections last
     * (a pool keeps them), so the work is done once per connection where it can be.
     */
    void prepareIngest(Connection c) throws SQLException;

    /**
     * Where other connections may write the same runs at once ({@link #concurrentConnections}): takes
     * the current transaction's write locks on these runs, waiting for any other transaction holding
     * one, so that one writer at a time numbers a run's attempts and stores its reports. The locks end
     * with the transaction, commit or rollback, never outliving it on a pooled connection.
     */
    void lockRuns(Connection c, long[] runIds) throws SQLException;

    /**
     * Where other connections may write the same runs at once: loads results and failures whose
     * attempts count from 1 per run and test of this batch, placed after the attempts stored for
     * {@code storedRuns} when the batch commits (under {@link #lockRuns}), not when it was spooled.
     */
    void loadAfterStoredAttempts(Connection c, Spool results, Spool failures, long[] storedRuns) throws SQLException;

    static Dialect of(String url) {
        return url.startsWith("jdbc:postgresql:") ? new PostgresDialect() : new DuckDbDialect();
    }
}
