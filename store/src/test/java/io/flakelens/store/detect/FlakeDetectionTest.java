package io.flakelens.store.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import io.flakelens.store.query.ConsistentFailure;
import io.flakelens.store.query.ConsistentFailureQuery;
import io.flakelens.store.query.InfraFailure;
import io.flakelens.store.query.RunQuery;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each evidence kind of docs/design.md, and each thing that must not count as a flake, on both stores.
 * Histories are written the way CI would produce them; the test reads what detection derived.
 */
class FlakeDetectionTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private static Map<String, String> occurrences(Database db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("select t.name, o.kind, count(*) from flake_occurrence o"
                        + " join test t on t.id = o.test_id group by t.name, o.kind order by t.name, o.kind")) {
            while (rs.next()) {
                out.merge(rs.getString(1), rs.getString(2) + "x" + rs.getLong(3), (a, b) -> a + "," + b);
            }
        }
        return out;
    }

    private static Database detect(Database db) {
        new FlakeDetection(DetectionConfig.defaults()).run(db);
        return db;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aFailureThenAPassInOneRunIsARetry(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("r1", "linux").test("a", "FFP").test("b", "P").passing(5);
            s.store();
            assertThat(occurrences(detect(db))).containsExactly(Map.entry("a", "retryx1"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoPostSubmitRunsOfOneRevisionThatDisagreeAreSameCode(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("r1", "linux").test("a", "F").passing(5);
            s.post("r1", "linux").test("a", "P").passing(5);
            // the same disagreement across builders is not same-code: builders may truly differ
            s.post("r2", "linux").test("b", "F").passing(5);
            s.post("r2", "mac").test("b", "P").passing(5);
            s.store();
            assertThat(occurrences(detect(db))).containsExactly(Map.entry("a", "same-codex1"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aChangeRejectedByATestThatPassedOnAnEquivalentPatchsetIsAFalseRejection(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.pre("c1", "1", "e1", "linux").test("a", "F").passing(5);
            // patchset 2 is a trivial rebase: same equivalence key
            s.pre("c1", "2", "e1", "linux").test("a", "P").passing(5);
            s.store();
            assertThat(occurrences(detect(db))).containsExactly(Map.entry("a", "false-rejectionx1"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPresubmitRunRetriedGreenIsSameCodeNotFalseRejection(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.pre("c1", "1", "e1", "linux", 1, null).test("a", "F").passing(5);
            s.pre("c1", "1", "e1", "linux", 2, null).test("a", "P").passing(5);
            s.store();
            assertThat(occurrences(detect(db))).containsExactly(Map.entry("a", "same-codex1"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aFailBetweenPassesOnTheMainLineIsAFlipWhenItsRevisionAlsoPassed(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (String rev : List.of("r1", "r2", "r3")) {
                s.post(rev, "linux").test("a", rev.equals("r2") ? "F" : "P").passing(5);
                s.post(rev, "mac").test("a", "P").passing(5);
            }
            s.store();
            assertThat(occurrences(detect(db))).containsExactly(Map.entry("a", "flipx1"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRegressionOfOneRevisionOrOfARangeIsNotAFlake(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            String[] revs = {"r1", "r2", "r3", "r4", "r5", "r6", "r7"};
            for (String rev : revs) {
                for (String builder : List.of("linux", "mac", "win")) {
                    // 'single' broke at r2 only (reverted at r3); 'range' broke from r4 to r6
                    String single = rev.equals("r2") ? "F" : "P";
                    String range = rev.compareTo("r4") >= 0 && rev.compareTo("r6") <= 0 ? "FF" : "P";
                    s.post(rev, builder)
                            .test("single", single)
                            .test("range", range)
                            .passing(8);
                }
                // a rerun of the broken revision fails again: consistent, so still no same-code evidence
                if (rev.equals("r5")) {
                    s.post(rev, "linux").test("range", "F").passing(8);
                }
            }
            s.store();
            assertThat(occurrences(detect(db))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aChangeThatFailsATestOnEveryPatchsetIsNotAFlake(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.pre("c1", "1", "e1", "linux").test("a", "F").passing(5);
            s.pre("c1", "1", "e1", "linux", 2, null).test("a", "FF").passing(5);
            s.pre("c1", "2", "e2", "linux").test("a", "F").passing(5);
            // fixed in a patchset with new code: a different equivalence key, so no evidence
            s.pre("c1", "3", "e3", "linux").test("a", "P").passing(5);
            s.store();
            assertThat(occurrences(detect(db))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aFailureOnMergedCodeThatAnotherBuilderPassedIsAMergedFailure(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.pre("c1", "1", "e1", "linux", 1, true).test("a", "P").passing(5);
            s.pre("c1", "2", "e2", "linux", 1, true).test("a", "F").passing(5);
            s.pre("c1", "2", "e2", "mac", 1, true).test("a", "P").passing(5);
            // not merged: the same shape is no evidence
            s.pre("c2", "1", "e9", "linux", 1, false).test("b", "F").passing(5);
            s.pre("c2", "1", "e9", "mac", 1, false).test("b", "P").passing(5);
            s.store();
            assertThat(occurrences(detect(db))).containsExactly(Map.entry("a", "merged-failurex1"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRunWhereMostTestsFailAtOnceIsInfrastructureAndCountsAgainstNoTest(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            Scenario.RunBuilder crashed = s.post("r1", "linux");
            Scenario.RunBuilder healthy = s.post("r1", "linux");
            for (int i = 0; i < 10; i++) {
                crashed.test("t" + i, i < 8 ? "F" : "P");
                healthy.test("t" + i, "P");
            }
            s.store();
            detect(db);
            assertThat(occurrences(db)).isEmpty();
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("select kind, failed, total from infra_run")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("run");
                assertThat(rs.getInt(2)).isEqualTo(8);
                assertThat(rs.getInt(3)).isEqualTo(10);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    /** One line per row of {@code sql}, its columns joined with a space. */
    private static List<String> rows(Database db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(" ", cols));
            }
        }
        return out;
    }

    /**
     * A Maven module of 51 tests: 25 need a service absent on this CI and fail in every run, 25 pass
     * unless the run crashes, and one flakes ({@code flaky} spells its attempts).
     */
    private static void moduleWithAnAbsentService(Scenario.RunBuilder run, String flaky, boolean crash) {
        for (int k = 0; k < 5; k++) {
            for (int j = 0; j < 5; j++) {
                run.test("com.acme.store.Svc" + k + "IT", "needsService" + j, "F");
                run.test("com.acme.store.Svc" + k + "IT", "local" + j, crash ? "F" : "P");
            }
        }
        run.test("com.acme.store.CacheTest", "evicts", crash ? "F" : flaky);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void testsFailingInEveryRunOfTheirCodeAreConsistentAndHideNoFlake(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            // every run tests one commit; with the flake's failure, 26 of 51 tests fail at once
            String flaky = "PPFPPPFPPFPP";
            for (char c : flaky.toCharArray()) {
                moduleWithAnAbsentService(s.post("r1", "linux"), String.valueOf(c), false);
            }
            s.store();
            detect(db);
            assertThat(occurrences(db)).containsExactly(Map.entry("evicts", "same-codex3"));
            assertThat(rows(db, "select kind from infra_run")).isEmpty();
            assertThat(rows(
                            db,
                            "select t.name, count(*) from consistent_failure c join test t on t.id = c.test_id"
                                    + " group by t.name order by t.name"))
                    .hasSize(5)
                    .allSatisfy(r -> assertThat(r).matches("needsService[0-4] 60"));
            List<ConsistentFailure> listed = new ConsistentFailureQuery(db).list(Instant.EPOCH, null, null, 100);
            assertThat(listed).hasSize(25).allSatisfy(c -> {
                assertThat(c.name()).startsWith("needsService");
                assertThat(c.runs()).isEqualTo(12);
                assertThat(c.lastPassed()).isNull();
                assertThat(c.message()).isEqualTo("boom in " + c.name());
            });
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aCrashAmongConsistentFailuresIsStillInfrastructureAndARegressionStillNoFlake(String store)
            throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            String[] revs = {"r1", "r2", "r3", "r4"};
            String flaky = "FPPPPPFPPPPF";
            int i = 0;
            for (String rev : revs) {
                for (int k = 0; k < 3; k++, i++) {
                    // the second run of r2 crashes: the tests that pass elsewhere fail with the absent service's
                    boolean crash = rev.equals("r2") && k == 1;
                    Scenario.RunBuilder run = s.post(rev, "linux");
                    moduleWithAnAbsentService(run, String.valueOf(flaky.charAt(i)), crash);
                    // broken from r3 on: failing in every run of its code is a regression, never a flake
                    run.test("com.acme.store.LedgerTest", "balances", crash || rev.compareTo("r3") >= 0 ? "F" : "P");
                }
            }
            s.store();
            detect(db);
            // the crash's failures count against no test; the flake's others still do
            assertThat(occurrences(db)).containsExactly(Map.entry("evicts", "same-codex3"));
            assertThat(rows(
                            db,
                            "select u.revision, i.kind, i.failed, i.total from infra_run i"
                                    + " join run u on u.id = i.run_id"))
                    .containsExactly("r2 run 27 52");
            // the regression is consistent from its second revision on (its first broke what passed before)
            assertThat(rows(
                            db,
                            "select u.revision, count(*) from consistent_failure c join test t on t.id = c.test_id"
                                    + " join run u on u.id = c.run_id where t.name = 'balances' group by u.revision"))
                    .containsExactly("r4 3");
            ConsistentFailure ledger = new ConsistentFailureQuery(db)
                    .list(Instant.EPOCH, null, "linux", 100).stream()
                            .filter(c -> c.name().equals("balances"))
                            .findFirst()
                            .orElseThrow();
            // its last pass, at r2, came before its consistent failures began
            assertThat(ledger.lastPassed()).isNotNull().isBefore(ledger.first());
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSuiteFailingWholeInterleavedWithPassesOnTheSameCodeIsAFlakySetUp(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            // one commit, one builder: the suite's three tests fail together in 18 of 40 runs
            String whole = "WOOWWOWWWOOWOOOWOWWOOOWOWWOWOOOOWWWOOOWO";
            for (char c : whole.toCharArray()) {
                String v = c == 'W' ? "F" : "P";
                s.post("r1", "linux")
                        .test("com.acme.SetupIT", "a", v)
                        .test("com.acme.SetupIT", "b", v)
                        .test("com.acme.SetupIT", "c", v)
                        .passing(20);
            }
            s.store();
            detect(db);
            assertThat(occurrences(db))
                    .containsExactly(
                            Map.entry("a", "same-codex18"),
                            Map.entry("b", "same-codex18"),
                            Map.entry("c", "same-codex18"));
            assertThat(rows(db, "select kind from infra_run")).isEmpty();
            assertThat(rows(db, "select suite, count(*) from setup_flake group by suite"))
                    .containsExactly("com.acme.SetupIT 18");
            // ranked as flakes, each saying its whole suite failed with it
            assertThat(new FlakeQueries(db, FlakeScore.findit()).flakes(new FlakeFilter(Instant.EPOCH, null, null, 0)))
                    .extracting(f -> f.id().name() + " " + f.occurrences() + " " + f.wholeSuite())
                    .containsExactlyInAnyOrder("a 18 18", "b 18 18", "c 18 18");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSuiteThatFailsWholeAndPassesItsRerunOnTheSameBuilderIsAFlakySetUp(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (String rev : List.of("r1", "r2", "r3")) {
                Scenario.RunBuilder win = s.post(rev, "win");
                Scenario.RunBuilder winAgain = s.post(rev, "win");
                for (int i = 0; i < 4; i++) {
                    win.test("com.acme.Db", "q" + i, "F");
                    winAgain.test("com.acme.Db", "q" + i, "P");
                }
                win.passing(30);
                winAgain.passing(30);
            }
            s.store();
            detect(db);
            assertThat(occurrences(db))
                    .containsExactly(
                            Map.entry("q0", "same-codex3"),
                            Map.entry("q1", "same-codex3"),
                            Map.entry("q2", "same-codex3"),
                            Map.entry("q3", "same-codex3"));
            assertThat(rows(db, "select kind from infra_run")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSuiteFailingWholeOverAStretchOrOnABuilderIsABrokenEnvironmentNotFlakyTests(String store) throws SQLException {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (int r = 1; r <= 8; r++) {
                String rev = "r" + r;
                // on win the environment breaks from r3 to r5; on mac it never worked
                db(s.post(rev, "win"), r >= 3 && r <= 5 ? "F" : "P");
                db(s.post(rev, "linux"), "P");
                db(s.post(rev, "mac"), "F");
                if (r == 4) {
                    db(s.post(rev, "win"), "F");
                }
                if (r == 5) {
                    // a rerun of r5 after the repair passes: the stretch still holds r3 and r4, which never passed
                    db(s.post(rev, "win"), "P");
                }
            }
            s.store();
            detect(db);
            assertThat(occurrences(db)).isEmpty();
            assertThat(rows(db, "select count(*) from setup_flake")).containsExactly("0");
            List<InfraFailure> infra = new RunQuery(db).infra(Instant.EPOCH, null, null);
            assertThat(infra)
                    .extracting(i -> i.kind() + " " + i.builder() + " " + i.suite() + " " + i.runs())
                    .containsExactlyInAnyOrder(
                            "broken-environment mac com.acme.Db 8", "broken-environment win com.acme.Db 4");
        }
    }

    private static void db(Scenario.RunBuilder run, String outcome) {
        for (int i = 0; i < 4; i++) {
            run.test("com.acme.Db", "q" + i, outcome);
        }
        run.passing(30);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void rankingFollowsFinditWeights(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            // 'rejector' falsely rejected two changes: 2 x 100
            for (String c : List.of("c1", "c2")) {
                s.pre(c, "1", c + "e", "linux").test("rejector", "F").passing(5);
                s.pre(c, "2", c + "e", "linux").test("rejector", "P").passing(5);
            }
            // 'hidden' was retried green inside runs of three changes: 3 x 1
            for (String c : List.of("c3", "c4", "c5")) {
                s.pre(c, "1", c + "e", "linux").test("hidden", "FP").passing(5);
            }
            // 'mainline' flaked on 5 post-submit runs: 5 x 1
            for (int i = 0; i < 5; i++) {
                s.post("m" + i, "linux").test("mainline", "FP").passing(5);
            }
            s.store();
            detect(db);
            List<FlakyTest> ranked =
                    new FlakeQueries(db, FlakeScore.findit()).flakes(new FlakeFilter(Instant.EPOCH, null, null, 0));
            assertThat(ranked).extracting(f -> f.id().name()).containsExactly("rejector", "mainline", "hidden");
            assertThat(ranked).extracting(FlakyTest::score).containsExactly(200L, 5L, 3L);
            FlakyTest rejector = ranked.get(0);
            assertThat(rejector.kinds()).containsExactly(EvidenceKind.FALSE_REJECTION);
            assertThat(rejector.changes()).isEqualTo(2);
            assertThat(rejector.runs()).isEqualTo(4);
            assertThat(rejector.failures()).isEqualTo(2);
            assertThat(rejector.flakeRate()).isEqualTo(0.5);
            assertThat(rejector.builders()).containsExactly(Map.entry("linux", 2L));
            // the job filter applies to occurrences
            assertThat(new FlakeQueries(db, FlakeScore.findit())
                            .flakes(new FlakeFilter(Instant.EPOCH, "other-job", null, 0)))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLimitedListIsTheHeadOfTheWholeRankingTiesIncluded(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            // flaky main-line runs per test (its score) and extra green runs (its flake rate): three
            // tests tie on 2 and are told apart only by how often they ran
            int[][] tests = {{3, 0}, {2, 4}, {2, 0}, {2, 2}, {1, 1}, {1, 0}, {1, 3}};
            int rev = 0;
            for (int t = 0; t < tests.length; t++) {
                for (int i = 0; i < tests[t][0]; i++) {
                    s.post("r" + rev++, "linux").test("t" + t, "FP").passing(3);
                }
                for (int i = 0; i < tests[t][1]; i++) {
                    s.post("r" + rev++, "linux").test("t" + t, "P").passing(3);
                }
            }
            s.store();
            detect(db);
            FlakeQueries queries = new FlakeQueries(db, FlakeScore.findit());
            List<String> whole = queries.flakes(new FlakeFilter(Instant.EPOCH, null, null, 0)).stream()
                    .map(f -> f.id().name())
                    .toList();
            assertThat(whole).containsExactly("t0", "t2", "t3", "t1", "t5", "t4", "t6");
            for (int limit = 1; limit <= tests.length + 1; limit++) {
                assertThat(queries.flakes(new FlakeFilter(Instant.EPOCH, null, null, limit)))
                        .as("the first %d", limit)
                        .extracting(f -> f.id().name())
                        .containsExactlyElementsOf(whole.subList(0, Math.min(limit, whole.size())));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void parameterisedVariantsCountAsOneFlakeWhenGrouped(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            // both variants fail the same change's run and pass its equivalent rerun
            s.pre("c1", "1", "e1", "linux")
                    .test("parse[1]", "F")
                    .test("parse[2]", "F")
                    .passing(5);
            s.pre("c1", "2", "e1", "linux")
                    .test("parse[1]", "P")
                    .test("parse[2]", "P")
                    .passing(5);
            s.pre("c2", "1", "e2", "linux").test("parse[2]", "F").passing(5);
            s.pre("c2", "2", "e2", "linux").test("parse[2]", "P").passing(5);
            s.store();
            detect(db);
            FlakeQueries q = new FlakeQueries(db, FlakeScore.findit());
            FlakeFilter all = new FlakeFilter(Instant.EPOCH, null, null, 0);
            assertThat(q.flakes(all, false))
                    .extracting(f -> f.id().name() + "=" + f.score())
                    .containsExactly("parse[2]=200", "parse[1]=100");
            List<FlakyTest> grouped = q.flakes(all, true);
            assertThat(grouped).hasSize(1);
            FlakyTest g = grouped.get(0);
            assertThat(g.id().id()).isEqualTo("com.acme.Suite::parse");
            // c1 hurt once however many variants failed in it: two changes, not three
            assertThat(g.changes()).isEqualTo(2);
            assertThat(g.score()).isEqualTo(200);
            assertThat(g.members()).isEqualTo(2);
            assertThat(g.occurrences()).isEqualTo(3);
            assertThat(g.runs()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void detectionIsStaleOnlyAfterNewIngest(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("r1", "linux").test("a", "FP");
            s.store();
            assertThat(FlakeDetection.stale(db)).isTrue();
            detect(db);
            assertThat(FlakeDetection.stale(db)).isFalse();
            s.post("r2", "linux").test("a", "P");
            s.store();
            assertThat(FlakeDetection.stale(db)).isTrue();
        }
    }
}
