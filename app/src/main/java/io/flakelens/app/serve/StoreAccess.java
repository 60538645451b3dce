package io.flakelens.app.serve;

import io.flakelens.store.Database;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The server's store connections, each behind one fair lock (see package-info for why). Reads take
 * it too: a JDBC connection serves one statement stream at a time.
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
    private final Database detectionDb;
    private final ReentrantLock detectionLock;

    StoreAccess(Database db) {
        this(db, null);
    }

    private StoreAccess(Database db, Database detectionDb) {
        this.db = db;
        this.detectionDb = detectionDb;
        this.detectionLock = detectionDb == null ? lock : new ReentrantLock(true);
    }

    /** Opens the store; on PostgreSQL with a second connection for detection. */
    static StoreAccess open(String spec) {
        Database db = Database.open(spec);
        if (!db.allowsConcurrentConnections()) {
            return new StoreAccess(db);
        }
        try {
            return new StoreAccess(db, Database.open(spec));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    <T> T with(Function<Database, T> work) {
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
        return db.dialectName();
    }

    /**
     * Closes both connections. A pass in flight on its own connection is cancelled first (it rolls back and
     * the next start detects again): a JDBC statement ignores thread interrupts, and a shutdown
     * should not wait minutes for a pass nobody will read.
     */
    @Override
    public void close() {
        if (detectionDb != null && detectionLock.isLocked()) {
            detectionDb.cancelRunning();
        }
        lock.lock();
        try {
            db.close();
        } finally {
            lock.unlock();
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
