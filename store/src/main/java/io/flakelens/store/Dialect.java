package io.flakelens.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where DuckDB and PostgreSQL differ. Everything else is one set of SQL; keep this seam small.
 */
sealed interface Dialect permits DuckDbDialect, PostgresDialect {

    String name();

    /** Creates the session-local staging tables ingest writes into before its transaction moves them. */
    void createStaging(Connection c) throws SQLException;

    /** A fast bulk writer into one staging table. */
    BulkWriter bulk(Connection c, String table, int columns) throws SQLException;

    static Dialect of(String url) {
        return url.startsWith("jdbc:postgresql:") ? new PostgresDialect() : new DuckDbDialect();
    }
}
