package io.flakelens.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Several connections to one PostgreSQL store (HikariCP), so that uploads from many CI jobs ingest
 * at once and reads do not queue behind them. Each piece of work borrows one connection for its
 * whole length and gives it back when it returns; work started inside other work on the same thread
 * gets the connection already borrowed, never a second one, so a thread can never wait for the pool
 * while it holds a connection (with a full pool, that wait would have no end).
 *
 * <p>Open the store with {@link Database#open} first: that applies the migrations, which the pool
 * does not.
 */
public final class ConnectionPool implements AutoCloseable {
    /** How long work waits for a free connection before it is refused as {@link Busy}. */
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(Long.getLong("flakelens.pool.waitSeconds", 60L));

    /** Refused for want of a free connection within {@link #BORROW_TIMEOUT}: try again later. */
    public static final class Busy extends StoreException {
        Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String spec;
    private final Dialect dialect;
    private final HikariDataSource source;
    private final ThreadLocal<Database> borrowed = new ThreadLocal<>();

    private ConnectionPool(String spec, Dialect dialect, HikariDataSource source) {
        this.spec = spec;
        this.dialect = dialect;
        this.source = source;
    }

    /** @param size connections kept open; the pool never holds more */
    public static ConnectionPool open(String spec, int size) {
        Dialect dialect = Dialect.of(spec);
        if (!dialect.concurrentConnections()) {
            throw new IllegalArgumentException("a connection pool needs PostgreSQL; DuckDB has one writer");
        }
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection, not " + size);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("flakelens");
        config.setJdbcUrl(spec);
        config.setMaximumPoolSize(size);
        // A fixed size: the connections stay open, and a burst of uploads never waits for new ones.
        config.setMinimumIdle(size);
        config.setConnectionTimeout(BORROW_TIMEOUT.toMillis());
        config.setAutoCommit(true);
        config.setConnectionInitSql(PostgresDialect.SESSION);
        try {
            return new ConnectionPool(spec, dialect, new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new StoreException(
                    "cannot open a pool of " + size + " connections to " + Database.redact(spec) + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Runs {@code work} with one connection of the pool: the one this thread already holds, if any. */
    public <T> T with(Function<Database, T> work) {
        Database held = borrowed.get();
        if (held != null) {
            return work.apply(held);
        }
        Connection c;
        try {
            c = source.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw new Busy(
                    "every one of the " + source.getMaximumPoolSize() + " store connections was busy for "
                            + BORROW_TIMEOUT.toSeconds() + " s",
                    e);
        } catch (SQLException e) {
            throw new StoreException("cannot reach the database " + Database.redact(spec) + ": " + e.getMessage(), e);
        }
        borrowed.set(new Database(spec, dialect, c));
        try {
            return work.apply(borrowed.get());
        } finally {
            borrowed.remove();
            try {
                // back to the pool, which rolls back anything the work left open
                c.close();
            } catch (SQLException e) {
                // the pool replaces a connection it cannot take back; the work's outcome stands
            }
        }
    }

    public int size() {
        return source.getMaximumPoolSize();
    }

    @Override
    public void close() {
        source.close();
    }
}
