package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IngestSessionTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private static Run run(String id, String job) {
        return new Run("ci", id, job, null, "abc", null, null, null, null, null, null, null, null, null, null, null);
    }

    private static TestCase tc(String name, Outcome... outcomes) {
        List<Attempt> a = java.util.Arrays.stream(outcomes)
                .map(o -> new Attempt(o, 5, o == Outcome.PASS ? null : new Failure("E", "m", "d")))
                .toList();
        return new TestCase(new TestId("S", name), null, a);
    }

    /** Every stored result as test name, attempt and outcome code, in that order: "t1F t2P". */
    private static String attempts(Database db) throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("select t.name, attempt, outcome from result r"
                        + " join test t on t.id = r.test_id order by t.name, attempt")) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(rs.getString(1))
                        .append(rs.getInt(2))
                        .append(rs.getString(3))
                        .append(' ');
            }
            return sb.toString().strip();
        }
    }

    private static long scalar(Database db, String sql) throws SQLException {
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void countsEachDistinctTestOnceWithItsFinalOutcomeAndFlakiness(String store) {
        try (Database db = TestStores.open(store, dir);
                IngestSession s = new IngestSession(db)) {
            IngestSession.ReportWriter w = s.begin(run("1", "unit"), "a.xml", "junit", "d1");
            w.accept(tc("pass", Outcome.PASS), null);
            w.accept(tc("flaky", Outcome.FAIL, Outcome.PASS), null);
            w.accept(tc("broken", Outcome.FAIL, Outcome.FAIL), null);
            w.accept(tc("err", Outcome.ERROR), null);
            w.accept(tc("skip", Outcome.SKIP), null);
            // a repeated entry is another attempt of the same test (pytest-rerunfailures writes these)
            w.accept(tc("rerun", Outcome.FAIL), null);
            w.accept(tc("rerun", Outcome.PASS), null);
            assertThat(w.done()).isEqualTo(new FileCounts(6, 3, 1, 1, 1, 2));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void attemptsKeepCountingAcrossFilesAndSessionsOfOneRun(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter w = s.begin(run("1", "unit"), "attempt_1.xml", "junit", "d1");
                w.accept(tc("t", Outcome.FAIL), null);
                w.done();
                w = s.begin(run("1", "unit"), "attempt_2.xml", "junit", "d2");
                w.accept(tc("t", Outcome.FAIL), null);
                w.done();
                s.commit();
            }
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter w = s.begin(run("1", "unit"), "attempt_3.xml", "junit", "d3");
                w.accept(tc("t", Outcome.PASS), null);
                w.done();
                s.commit();
            }
            assertThat(attempts(db)).isEqualTo("t1F t2F t3P");
        }
    }

    /**
     * A new run's first file counts its attempts in its own map; a rejected such file must leave the
     * run uncounted, and a case naming that same run mid-file must go on from the file's counts.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void attemptsOfANewRunCountAcrossARejectedFileAndCasesNamingTheRun(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter w = s.begin(run("1", "unit"), "cut.xml", "junit", "d0");
                w.accept(tc("t", Outcome.FAIL), null);
                w.accept(tc("t", Outcome.FAIL), null);
                w.reject();
                w = s.begin(run("1", "unit"), "a.xml", "junit", "d1");
                w.accept(tc("t", Outcome.FAIL, Outcome.FAIL), null);
                w.accept(tc("u", Outcome.PASS), null);
                w.accept(tc("t", Outcome.PASS), run("1", "unit"));
                w.accept(tc("t", Outcome.FAIL), null);
                w.done();
                w = s.begin(run("1", "unit"), "b.xml", "junit", "d2");
                w.accept(tc("t", Outcome.PASS), null);
                w.accept(tc("u", Outcome.FAIL), null);
                w.done();
                s.commit();
            }
            assertThat(attempts(db)).isEqualTo("t1F t2F t3P t4F t5P u1P u2F");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLargeStoreIsAskedPerRunInsteadOfLoadedWhole(String store) throws SQLException {
        System.setProperty("flakelens.ingest.preloadRuns", "0");
        try (Database db = TestStores.open(store, dir)) {
            for (String file : List.of("a.xml", "b.xml")) {
                try (IngestSession s = new IngestSession(db)) {
                    IngestSession.ReportWriter w = s.begin(run("1", "unit"), file, "junit", file);
                    w.accept(tc("t", Outcome.FAIL), null);
                    w.done();
                    s.commit();
                }
            }
            assertThat(scalar(db, "select max(attempt) from result")).isEqualTo(2);
        } finally {
            System.clearProperty("flakelens.ingest.preloadRuns");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRejectedFileLeavesNoRowsAndTheOthersLand(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter good = s.begin(run("1", "unit"), "good.xml", "junit", "g");
                good.accept(tc("a", Outcome.PASS), null);
                good.done();
                IngestSession.ReportWriter bad = s.begin(run("1", "unit"), "bad.xml", "junit", "b");
                bad.accept(tc("b", Outcome.FAIL), null);
                bad.accept(tc("a", Outcome.FAIL), null);
                bad.reject();
                IngestSession.ReportWriter late = s.begin(run("1", "unit"), "late.xml", "junit", "l");
                late.accept(tc("b", Outcome.PASS), null);
                late.done();
                s.commit();
            }
            assertThat(scalar(db, "select count(*) from result")).isEqualTo(2);
            assertThat(scalar(db, "select count(*) from failure")).isZero();
            assertThat(scalar(db, "select count(*) from report")).isEqualTo(2);
            // the rejected file's first sight of test b must not keep b out of the test table
            assertThat(scalar(db, "select count(*) from test")).isEqualTo(2);
            // and its attempt numbers were given back: b's pass is attempt 1
            assertThat(scalar(db, "select max(attempt) from result")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void casesCarryingTheirOwnRunLandInThoseRunsWithTheirOwnAttemptCounts(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                // Cockpit records name their run themselves; the file's nominal run stays empty
                IngestSession.ReportWriter w = s.begin(run("file", "x"), "records.jsonl", "cockpit", "d1");
                w.accept(tc("t", Outcome.FAIL), run("A", "cockpit"));
                w.accept(tc("t", Outcome.FAIL), run("B", "cockpit"));
                w.accept(tc("t", Outcome.PASS), run("A", "cockpit"));
                assertThat(w.done()).isEqualTo(new FileCounts(2, 1, 1, 0, 0, 1));
                IngestSession.ReportWriter bad = s.begin(run("file2", "x"), "bad.jsonl", "cockpit", "d2");
                bad.accept(tc("t", Outcome.FAIL), run("A", "cockpit"));
                bad.reject();
                IngestSession.ReportWriter late = s.begin(run("file3", "x"), "late.jsonl", "cockpit", "d3");
                late.accept(tc("t", Outcome.FAIL), run("A", "cockpit"));
                late.done();
                s.commit();
            }
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery(
                            "select u.external_id, string_agg(r.outcome || r.attempt, ' ' order by r.attempt)"
                                    + " from result r join run u on u.id = r.run_id group by u.external_id order by 1")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    sb.append(rs.getString(1))
                            .append(':')
                            .append(rs.getString(2))
                            .append(';');
                }
                assertThat(sb.toString()).isEqualTo("A:F1 P2 F3;B:F1;");
            }
            assertThat(scalar(db, "select count(*) from run")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void nothingIsStoredUntilCommitSoACrashLeavesNoHalfRun(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            IngestSession s = new IngestSession(db);
            IngestSession.ReportWriter w = s.begin(run("1", "unit"), "a.xml", "junit", "d1");
            w.accept(tc("a", Outcome.PASS), null);
            w.done();
            // no commit: the process "dies" here
            assertThat(scalar(db, "select count(*) from result")).isZero();
            assertThat(scalar(db, "select count(*) from run")).isZero();
            s.close();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void reingestingIsDetectedAndMetadataOnlyFillsGaps(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter w = s.begin(run("1", "unit"), "a.xml", "junit", "d1");
                w.accept(tc("a", Outcome.PASS), null);
                w.done();
                assertThat(s.alreadyIngested(run("1", "unit"), "d1")).isTrue();
                s.commit();
            }
            try (IngestSession s = new IngestSession(db)) {
                assertThat(s.alreadyIngested(run("1", "unit"), "d1")).isTrue();
                assertThat(s.alreadyIngested(run("2", "unit"), "d1")).isFalse();
                Run more = new Run(
                        "ci", "1", "other", "linux", null, null, null, null, null, null, null, null, "failed", null,
                        null, null);
                IngestSession.ReportWriter w = s.begin(more, "b.xml", "junit", "d2");
                w.accept(tc("b", Outcome.PASS), null);
                w.done();
                s.commit();
            }
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("select job, builder, status from run")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("unit");
                assertThat(rs.getString(2)).isEqualTo("linux");
                assertThat(rs.getString(3)).isEqualTo("failed");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aTestSeenInManyFilesAndSessionsIsStoredOnce(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            for (int session = 0; session < 2; session++) {
                try (IngestSession s = new IngestSession(db)) {
                    for (int file = 0; file < 3; file++) {
                        String name = session + "-" + file + ".xml";
                        IngestSession.ReportWriter w = s.begin(run("r" + session, "unit"), name, "junit", name);
                        w.accept(tc("shared", Outcome.PASS), null);
                        w.accept(tc("own" + session + file, Outcome.PASS), null);
                        w.done();
                    }
                    s.commit();
                }
            }
            assertThat(scalar(db, "select count(*) from test")).isEqualTo(7);
            assertThat(scalar(db, "select count(distinct id) from test")).isEqualTo(7);
        }
    }

    /** A DuckDB store made before the test table lost its key keeps every test it had, once. */
    @org.junit.jupiter.api.Test
    void anEarlierDuckDbStoreKeepsItsTestsWhenItsTestTableLosesTheKey() throws SQLException {
        Path file = dir.resolve("v10.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = c.createStatement()) {
            s.execute("create table schema_version (version integer primary key, name varchar not null,"
                    + " applied_at timestamp not null)");
            for (int v = 1; v <= 10; v++) {
                String name = Migrations.FILES.get(v - 1);
                for (String stmt : Migrations.statements(Migrations.read(name))) {
                    s.execute(stmt);
                }
                s.execute("insert into schema_version values (" + v + ", '" + name + "', current_timestamp)");
            }
            s.execute(
                    "insert into test values (" + new TestId("S", "a").key() + ", 'S', 'a', 'S.a', 'S.java', 'team'), ("
                            + new TestId("S", "b").key() + ", 'S', 'b', 'S.b', null, null)");
        }
        try (Database db = Database.open(file.toString())) {
            assertThat(scalar(db, "select count(*) from test")).isEqualTo(2);
            assertThat(scalar(db, "select count(*) from test where owner = 'team' and file = 'S.java'"))
                    .isEqualTo(1);
            assertThat(scalar(
                            db,
                            "select count(*) from duckdb_constraints() where table_name = 'test'"
                                    + " and constraint_type = 'PRIMARY KEY'"))
                    .isZero();
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter w = s.begin(run("1", "unit"), "a.xml", "junit", "d");
                w.accept(new TestCase(new TestId("S", "a"), null, List.of(Attempt.pass(1))), null);
                w.accept(new TestCase(new TestId("S", "c"), null, List.of(Attempt.pass(1))), null);
                w.done();
                s.commit();
            }
            assertThat(scalar(db, "select count(*) from test")).isEqualTo(3);
        }
    }
}
