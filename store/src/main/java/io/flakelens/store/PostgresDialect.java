package io.flakelens.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
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
    public void lockJob(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_lock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
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

    /**
     * Run locks are transaction-level advisory locks keyed ("flkr", bucket of the run id): a bucket
     * rather than the id itself bounds the locks one transaction takes (PostgreSQL keeps them in a
     * shared table of limited size, and a manifest may name thousands of runs); two runs sharing a
     * bucket only wait for each other's commit. Taken in ascending order, so two writers never wait
     * for each other in a circle, and given up after {@link #LOCK_TIMEOUT_MS}: a writer that holds a
     * run for that long is stuck, and failing this upload with a message beats hanging it and its
     * connection.
     */
    static final int RUN_LOCK_CLASS = 0x666c6b72;

    static final int RUN_LOCK_BUCKETS = 1024;

    static final long LOCK_TIMEOUT_MS = Long.getLong("flakelens.ingest.lockTimeoutMs", 60_000L);

    static int bucket(long runId) {
        return (int) Math.floorMod(runId, (long) RUN_LOCK_BUCKETS);
    }

    @Override
    public void lockRuns(Connection c, long[] runIds) throws SQLException {
        int[] buckets = Arrays.stream(runIds)
                .mapToInt(PostgresDialect::bucket)
                .distinct()
                .sorted()
                .toArray();
        if (buckets.length == 0) {
            return;
        }
        // One round trip; the outer select takes the locks row by row in the subquery's order.
        try (PreparedStatement ps = c.prepareStatement(
                "select pg_advisory_xact_lock(?, o.b)" + " from (select unnest(?::int[]) as b order by 1) o")) {
            ps.setInt(1, RUN_LOCK_CLASS);
            ps.setArray(
                    2, c.createArrayOf("int4", Arrays.stream(buckets).boxed().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // each row is one lock taken
                }
            }
        }
    }

    @Override
    public void loadAfterStoredAttempts(Connection c, Spool results, Spool failures, long[] storedRuns)
            throws SQLException {
        if (storedRuns.length == 0) {
            // New runs (most uploads): the batch's numbering is the stored one.
            load(c, "result", results, false);
            load(c, "failure", failures, false);
            return;
        }
        if (results.rows() == 0) {
            return;
        }
        staging(c, "load_result");
        staging(c, "load_failure");
        load(c, "load_result", results, false);
        load(c, "load_failure", failures, false);
        // Both inserts see the snapshot before either, so a failure moves by exactly its result's offset.
        try (PreparedStatement ps = c.prepareStatement("with base as ("
                + " select r.run_id, r.test_id, max(r.attempt) as stored from result r"
                + " where r.run_id = any(?) group by r.run_id, r.test_id),"
                + " moved as (insert into result (run_id, test_id, attempt, outcome, duration_ms)"
                + " select l.run_id, l.test_id, l.attempt + coalesce(b.stored, 0), l.outcome, l.duration_ms"
                + " from load_result l left join base b on b.run_id = l.run_id and b.test_id = l.test_id"
                + " returning 1)"
                + " insert into failure (run_id, test_id, attempt, type, message, detail, text_hash, cluster)"
                + " select l.run_id, l.test_id, l.attempt + coalesce(b.stored, 0), l.type, l.message, l.detail,"
                + " l.text_hash, l.cluster"
                + " from load_failure l left join base b on b.run_id = l.run_id and b.test_id = l.test_id")) {
            ps.setArray(
                    1, c.createArrayOf("int8", Arrays.stream(storedRuns).boxed().toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * Run on every connection as it opens. PostgreSQL compiles a query's expressions with LLVM when
     * its estimated cost is high, and the estimates of the grouped reads over ten million results
     * are: the compilation took about a second of a 3.3 s read of fifty tests' main-line histories,
     * which answers in 2.2 s without it, and a compiled query never runs long enough here to repay it.
     */
    public static final String SESSION = "set jit = off";

    /** Tables loads go through, each emptied when its transaction ends. */
    private static final String[][] STAGING = {
        {"load_report", "report"}, {"load_test", "test"}, {"load_result", "result"}, {"load_failure", "failure"}
    };

    /** The server connections made ready for ingest; a closed one is forgotten with its last reference. */
    private static final Set<PGConnection> PREPARED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * One round trip, on a connection's first ingest only. The staging tables are emptied at each
     * commit or rollback: cheaper than a {@code truncate} per load (a new file and catalog rows each
     * time), and a connection back in the pool keeps no rows. The lock timeout bounds every wait of an
     * ingest on another writer (run locks, keys another transaction is inserting).
     */
    @Override
    public void prepareIngest(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        if (PREPARED.contains(pg)) {
            return;
        }
        if (!c.getAutoCommit()) {
            throw new SQLException("ingest is prepared outside a transaction, which could roll it back");
        }
        StringBuilder sql = new StringBuilder("set lock_timeout = " + LOCK_TIMEOUT_MS);
        for (String[] t : STAGING) {
            sql.append("; create temporary table if not exists ")
                    .append(t[0])
                    .append(" (like ")
                    .append(t[1])
                    .append(") on commit delete rows");
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql.toString());
        }
        PREPARED.add(pg);
    }

    private static void staging(Connection c, String name) throws SQLException {
        if (c.getAutoCommit()) {
            // each statement its own transaction: the rows would be gone before the insert reads them
            throw new SQLException("loading through " + name + " needs a transaction");
        }
        if (!PREPARED.contains(c.unwrap(PGConnection.class))) {
            throw new SQLException("loading through " + name + " on a connection not prepared for ingest");
        }
    }

    @Override
    public long load(Connection c, String table, Spool spool, boolean ignoreConflicts) throws SQLException {
        if (spool.rows() == 0) {
            return 0;
        }
        spool.flush();
        String target = table;
        if (ignoreConflicts) {
            target = "load_" + table;
            staging(c, target);
        }
        long copied;
        try (InputStream in = spool.open()) {
            copied = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy " + target + " from stdin with (format csv, null '\\N')", in, 1 << 16);
        } catch (IOException e) {
            throw new SQLException("cannot read the spool of " + table + ": " + e.getMessage(), e);
        }
        if (!ignoreConflicts) {
            return copied;
        }
        try (Statement s = c.createStatement()) {
            // In key order: two transactions inserting the same new keys then wait for each other in
            // one direction only, never in a circle (a deadlock PostgreSQL would break by failing one).
            return s.executeUpdate(
                    "insert into " + table + " select * from " + target + " order by 1 on conflict do nothing");
        }
    }
}
