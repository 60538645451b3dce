package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every PostgreSQL connection the store opens, alone or pooled, is set up alike. */
class PostgresSessionTest {
    @TempDir
    Path dir;

    @Test
    void connectionsOpenWithoutQueryCompilation() throws Exception {
        String url = TestStores.freshPostgres(dir);
        try (Database db = Database.open(url)) {
            assertThat(jit(db)).isEqualTo("off");
        }
        try (ConnectionPool pool = ConnectionPool.open(url, 2)) {
            assertThat(pool.with(PostgresSessionTest::jit)).isEqualTo("off");
        }
    }

    private static String jit(Database db) {
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("show jit")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
