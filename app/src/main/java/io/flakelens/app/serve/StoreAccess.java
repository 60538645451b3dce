package io.flakelens.app.serve;

import io.flakelens.store.Database;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The server's one store connection behind one fair lock (see package-info for why). Reads take it
 * too: a JDBC connection serves one statement stream at a time.
 */
final class StoreAccess implements AutoCloseable {
    private final Database db;
    private final ReentrantLock lock = new ReentrantLock(true);

    StoreAccess(Database db) {
        this.db = db;
    }

    <T> T with(Function<Database, T> work) {
        lock.lock();
        try {
            return work.apply(db);
        } finally {
            lock.unlock();
        }
    }

    String dialect() {
        return db.dialectName();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } finally {
            lock.unlock();
        }
    }
}
