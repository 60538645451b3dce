package io.flakelens.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * An open store. {@code spec} is a file path (DuckDB, the embedded default) or a
 * {@code jdbc:postgresql://} URL. Opening applies any pending migrations.
 */
public final class Database implements AutoCloseable {
    private final String spec;
    private final Dialect dialect;
    private final Connection connection;

    /** A view of one connection: its own, or one borrowed from a {@link ConnectionPool} (closing returns it). */
    Database(String spec, Dialect dialect, Connection connection) {
        this.spec = spec;
        this.dialect = dialect;
        this.connection = connection;
    }

    public static Database open(String spec) {
        String url = spec.startsWith("jdbc:") ? spec : "jdbc:duckdb:" + spec;
        Dialect dialect = Dialect.of(url);
        Connection c;
        try {
            if (dialect instanceof DuckDbDialect) {
                Path parent = Path.of(spec).toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new StoreException("cannot open " + spec + ": folder " + parent + " does not exist");
                }
                DuckDbMemoryEvents.skipRegistration();
                Properties p = new Properties();
                // Keep the embedded store a good neighbour on a shared CI box.
                p.setProperty("memory_limit", System.getProperty("flakelens.duckdb.memory", "2GB"));
                c = DriverManager.getConnection(url, p);
            } else {
                c = DriverManager.getConnection(url);
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute(PostgresDialect.SESSION);
                } catch (SQLException e) {
                    c.close();
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw explain(spec, e);
        }
        Database db = new Database(spec, dialect, c);
        try {
            new Migrations(dialect).apply(c);
        } catch (SQLException e) {
            db.close();
            throw new StoreException("cannot prepare the schema of " + spec + ": " + e.getMessage(), e);
        }
        return db;
    }

    private static StoreException explain(String spec, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Could not set lock") || m.contains("Conflicting lock")) {
            return new StoreException(
                    "the database " + spec + " is in use by another process" + Holder.describe(m)
                            + ", which has no such limit.",
                    e);
        }
        if (m.contains("Connection refused") || m.contains("connect")) {
            return new StoreException("cannot reach the database " + redact(spec) + ": " + m, e);
        }
        return new StoreException("cannot open the database " + redact(spec) + ": " + m, e);
    }

    /** Passwords in a JDBC URL must never reach a log or a terminal. */
    static String redact(String spec) {
        return spec.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public Connection connection() {
        return connection;
    }

    /** Statements that succeed or fail together. */
    public interface Work {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on this connection: committed when it returns, rolled back
     * when it throws, and auto-commit put back as it was either way.
     *
     * @param what what the work does, for the error ("cannot {@code what}: ...")
     */
    public void inTransaction(String what, Work work) {
        try {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    public String dialectName() {
        return dialect.name();
    }

    /**
     * Whether another connection to this store may work beside this one, reading a snapshot while
     * this one writes (PostgreSQL); when not (DuckDB), long background work shares this connection.
     */
    public boolean allowsConcurrentConnections() {
        return dialect.concurrentConnections();
    }

    /**
     * Takes the store-wide lock of one periodic job if no other session holds it, never waiting:
     * several instances sharing a store run each pass once. Released by {@link #unlockJob} or when
     * this connection closes.
     */
    public boolean tryJobLock(long key) {
        try {
            return dialect.tryJobLock(connection, key);
        } catch (SQLException e) {
            throw new StoreException("cannot take the job lock: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the store-wide lock of one periodic job, waiting while another session holds it. A session
     * may take it again while holding it; each take needs its {@link #unlockJob}.
     */
    public void lockJob(long key) {
        try {
            dialect.lockJob(connection, key);
        } catch (SQLException e) {
            throw new StoreException("cannot take the job lock: " + e.getMessage(), e);
        }
    }

    /**
     * Cancels the statement this connection is running, from another thread: the work rolls back.
     * For shutting down without waiting minutes for a pass nobody will read; best effort.
     */
    public void cancelRunning() {
        try {
            dialect.cancelRunning(connection);
        } catch (SQLException e) {
            // Closing anyway: at worst the caller waits for the statement to end.
        }
    }

    public void unlockJob(long key) {
        try {
            dialect.unlockJob(connection, key);
        } catch (SQLException e) {
            throw new StoreException("cannot release the job lock: " + e.getMessage(), e);
        }
    }

    Dialect dialect() {
        return dialect;
    }

    public String spec() {
        return redact(spec);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing is best effort; nothing is pending once commit returned.
        }
    }
}
