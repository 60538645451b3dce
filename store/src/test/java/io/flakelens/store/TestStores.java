package io.flakelens.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

/**
 * The stores every store test runs against: a fresh DuckDB file, and the PostgreSQL server that
 * {@code bin/test} starts (its URL in {@code FLAKELENS_TEST_PG}), emptied before each use. On CI
 * the server must be there: a store test that silently skipped PostgreSQL would prove nothing.
 */
public final class TestStores {
    private TestStores() {}

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        out.add("duckdb");
        if (pgUrl() != null) {
            out.add("postgresql");
        } else if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI run without FLAKELENS_TEST_PG: bin/test must start PostgreSQL");
        }
        return out;
    }

    public static String pgUrl() {
        String url = System.getenv("FLAKELENS_TEST_PG");
        return url == null || url.isBlank() ? null : url;
    }

    public static Database open(String name, Path dir) {
        return Database.open(fresh(name, dir));
    }

    /** As {@link #fresh} for PostgreSQL; the test is skipped where no test PostgreSQL runs. */
    public static String freshPostgres(Path dir) {
        org.junit.jupiter.api.Assumptions.assumeTrue(pgUrl() != null, "needs FLAKELENS_TEST_PG");
        return fresh("postgresql", dir);
    }

    /** A {@code --db} value for an empty store of the named kind (the server and CLI tests open it themselves). */
    public static String fresh(String name, Path dir) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        if (name.equals("duckdb")) {
            return dir.resolve("test.db").toString();
        }
        try (Connection c = DriverManager.getConnection(pgUrl());
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists public cascade");
            s.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the test PostgreSQL: " + e.getMessage(), e);
        }
        return pgUrl();
    }
}
