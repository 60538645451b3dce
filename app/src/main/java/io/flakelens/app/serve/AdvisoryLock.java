package io.flakelens.app.serve;

import io.flakelens.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock under a fixed key, so that of several instances sharing one
 * database only one runs a periodic job at a time; the others skip that pass rather than wait, since
 * the holder produces the same result. The key is ASCII text, recognisable in {@code pg_locks}.
 */
record AdvisoryLock(long key) {
    /** Takes the lock if no session holds it. */
    boolean tryLock(Database db) {
        return call(db, "pg_try_advisory_lock");
    }

    void unlock(Database db) {
        call(db, "pg_advisory_unlock");
    }

    private boolean call(Database db, String function) {
        try (PreparedStatement ps = db.connection().prepareStatement("select " + function + "(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(function + " failed: " + e.getMessage(), e);
        }
    }
}
