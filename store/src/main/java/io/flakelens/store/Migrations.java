package io.flakelens.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the versioned SQL files {@code migration/V<n>__<name>.sql} in order, once each, recording
 * them in {@code schema_version}. A small runner of our own because Flyway has no DuckDB plugin;
 * the same files serve PostgreSQL. Where one store needs more (an index the other does without), a
 * file {@code V<n>__<name>.<dialect>.sql} beside it is applied with it on that store only.
 */
final class Migrations {
    /** Every migration, oldest first. Append only: a shipped file is never edited. */
    static final List<String> FILES = List.of(
            "V1__schema.sql",
            "V2__api_token.sql",
            "V3__quarantine.sql",
            "V4__failure_cluster.sql",
            "V5__bug.sql",
            "V6__detection_verdicts.sql",
            "V7__timed_run.sql",
            "V8__rerun.sql",
            "V9__incremental_detection.sql",
            "V10__result_by_run.sql",
            "V11__verdict_by_run.sql",
            "V12__test_code.sql",
            "V13__test_unkeyed.sql",
            "V14__result_by_test_covering.sql");

    private final Dialect dialect;

    Migrations(Dialect dialect) {
        this.dialect = dialect;
    }

    void apply(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists schema_version (version integer primary key, name varchar not null,"
                    + " applied_at timestamp not null)");
            c.commit();
            int current = current(c);
            if (current > FILES.size()) {
                throw new SQLException("the database has schema version " + current
                        + ", newer than this Flakelens knows (" + FILES.size() + "); upgrade Flakelens");
            }
            for (int v = current + 1; v <= FILES.size(); v++) {
                String name = FILES.get(v - 1);
                for (String stmt : statements(read(name))) {
                    s.execute(stmt);
                }
                String own = name.replace(".sql", "." + dialect.name() + ".sql");
                if (Migrations.class.getResource("migration/" + own) != null) {
                    for (String stmt : statements(read(own))) {
                        s.execute(stmt);
                    }
                }
                try (PreparedStatement ps =
                        c.prepareStatement("insert into schema_version values (?, ?, current_timestamp)")) {
                    ps.setInt(1, v);
                    ps.setString(2, name);
                    ps.executeUpdate();
                }
                c.commit();
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select coalesce(max(version), 0) from schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String read(String name) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("migration/" + name)) {
            if (in == null) {
                throw new SQLException("migration " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + name, e);
        }
    }

    /** Splits on semicolons at line ends, dropping comment lines; the files keep to that form. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : sql.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = cur.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
