package io.flakelens.app.serve;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

/**
 * The stores server tests run against, as io.flakelens.store.TestStores does for store tests: a
 * fresh DuckDB file, and the PostgreSQL server of {@code FLAKELENS_TEST_PG}, emptied first.
 */
final class ServeStores {
    private ServeStores() {
    }

    static List<String> names() {
        List<String> out = new ArrayList<>();
        out.add("duckdb");
        if (pgUrl() != null) {
            out.add("postgresql");
        } else if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI run without FLAKELENS_TEST_PG: bin/test must start PostgreSQL");
        }
        return out;
    }

    static String pgUrl() {
        String url = System.getenv("FLAKELENS_TEST_PG");
        return url == null || url.isBlank() ? null : url;
    }

    /** A --db value for an empty store. */
    static String fresh(String name, Path dir) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        if (name.equals("duckdb")) {
            return dir.resolve("serve.db").toString();
        }
        try (Connection c = DriverManager.getConnection(pgUrl()); Statement s = c.createStatement()) {
            s.execute("drop schema if exists public cascade");
            s.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the test PostgreSQL: " + e.getMessage(), e);
        }
        return pgUrl();
    }
}
