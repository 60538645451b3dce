package io.flakelens.store.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows survive a trip from PostgreSQL into DuckDB and back, whatever their text holds. */
class RowCopyTest {
    @TempDir
    Path dir;

    private static final String COLUMNS = "(id bigint, n integer, flag boolean, note varchar, ran_at timestamp)";

    @Test
    void rowsComeBackAsTheyWent() throws Exception {
        TestStores.freshPostgres(dir);
        try (Connection pg = DriverManager.getConnection(TestStores.pgUrl());
                Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement p = pg.createStatement();
                Statement d = duck.createStatement()) {
            p.execute("create table source " + COLUMNS);
            p.execute("create table back " + COLUMNS);
            p.execute("""
                    insert into source values
                      (9223372036854775807, 1, true, 'plain', timestamp '2026-11-01 00:02:03.456789'),
                      (-9223372036854775808, null, false, 'a, "quoted"' || chr(10) || 'second line', null),
                      (3, 2, null, '\\N', timestamp '1999-12-31 23:59:59'),
                      (4, 3, true, '', timestamp '2026-03-29 02:30:00'),
                      (5, 4, false, null, timestamp '2026-06-01 12:00:00'),
                      (6, 5, true, 'ünïcödé ✓', timestamp '2026-06-01 12:00:00')""");
            d.execute("create table copied " + COLUMNS);
            pg.setAutoCommit(false);
            assertThat(RowCopy.intoDuckDb(pg, "source where id <> 6", duck, "copied"))
                    .isEqualTo(5);
            assertThat(RowCopy.intoDuckDb(pg, "source where id = 6", duck, "copied"))
                    .isEqualTo(1);
            assertThat(RowCopy.intoPostgres(duck, "select * from copied", pg, "back"))
                    .isEqualTo(6);
            pg.commit();
            assertThat(rows(pg, "back")).isEqualTo(rows(pg, "source"));
            assertThat(rows(duck, "copied")).isEqualTo(rows(pg, "source"));
            assertThat(RowCopy.intoPostgres(duck, "select * from copied where id = 0", pg, "back"))
                    .isZero();
        }
    }

    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select id, n, flag, note, cast(ran_at as varchar) from " + table + " order by id")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + "|" + rs.getObject(2) + "|" + rs.getObject(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5));
            }
        }
        return out;
    }
}
