package io.flakelens.app.serve;

import io.flakelens.store.ConnectionPool;
import io.flakelens.store.Database;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The server's store connections. On DuckDB one connection behind one fair lock (see package-info for
 * why); reads take it too: a JDBC connection serves one statement stream at a time. On PostgreSQL a
 * pool ({@link ConnectionPool}): uploads and reads each borrow one connection for their length, so
 * uploads of many CI jobs ingest at once, each in its own transaction.
 *
 * <p>On PostgreSQL detection (and other long background work, such as bug filing) gets a connection
 * of its own: a pass over ten million results takes
 * minutes there, and uploads and reads must not queue behind it. The server's MVCC keeps both
 * sides consistent: readers see the previous pass until the new one commits, and detection reads
 * one snapshot (repeatable read) while uploads commit beside it. On DuckDB one process owns the file
 * and a pass takes about a second, so detection shares the one connection and its lock.
 */
final class StoreAccess implements AutoCloseable {
    private final Database db;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final ConnectionPool pool;
    private final Database detectionDb;
    private final ReentrantLock detectionLock;

    StoreAccess(Database db) {
        this(db, null, null);
    }

    private StoreAccess(Database db, ConnectionPool pool, Database detectionDb) {
        this.db = db;
        this.pool = pool;
        this.detectionDb = detectionDb;
        this.detectionLock = detectionDb == null ? lock : new ReentrantLock(true);
    }

    /** As {@link #open(String, int)} with the default pool size. */
    static StoreAccess open(String spec) {
        return open(spec, ServerConfig.POOL_SIZE);
    }

    /**
     * Opens the store; on PostgreSQL with a pool of {@code poolSize} connections for uploads and
     * reads, and one more of its own for detection.
     */
    static StoreAccess open(String spec, int poolSize) {
        Database db = Database.open(spec);
        if (!db.allowsConcurrentConnections()) {
            return new StoreAccess(db);
        }
        try {
            // db applied the migrations; it is detection's connection from now on
            return new StoreAccess(null, ConnectionPool.open(spec, poolSize), db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Runs {@code work} on one connection: the DuckDB one under its lock, or one of the pool (work
     * inside work on one thread shares it).
     *
     * @throws ConnectionPool.Busy when no pooled connection came free in time
     */
    <T> T with(Function<Database, T> work) {
        if (pool != null) {
            return pool.with(work);
        }
        lock.lock();
        try {
            return work.apply(db);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs long background work (detection passes, bug filing): on its own connection when there is
     * one, else like {@link #with}.
     */
    <T> T background(Function<Database, T> work) {
        detectionLock.lock();
        try {
            return work.apply(detectionDb == null ? db : detectionDb);
        } finally {
            detectionLock.unlock();
        }
    }

    String dialect() {
        return (db != null ? db : detectionDb).dialectName();
    }

    /**
     * Closes every connection. A pass in flight on its own connection is cancelled first (it rolls back and
     * the next start detects again): a JDBC statement ignores thread interrupts, and a shutdown
     * should not wait minutes for a pass nobody will read.
     */
    @Override
    public void close() {
        if (detectionDb != null && detectionLock.isLocked()) {
            detectionDb.cancelRunning();
        }
        if (pool != null) {
            pool.close();
        } else {
            lock.lock();
            try {
                db.close();
            } finally {
                lock.unlock();
            }
        }
        if (detectionDb != null) {
            detectionLock.lock();
            try {
                detectionDb.close();
            } finally {
                detectionLock.unlock();
            }
        }
    }
}
