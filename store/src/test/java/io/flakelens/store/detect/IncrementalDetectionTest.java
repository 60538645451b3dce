package io.flakelens.store.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.store.Database;
import io.flakelens.store.IngestSession;
import io.flakelens.store.Scenario;
import io.flakelens.store.StoreException;
import io.flakelens.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An incremental pass must give exactly what a pass over every result gives. Random CI histories
 * (main line and presubmit runs on two jobs and builders, flaky tests, regressions that are later
 * fixed, tests that start failing late, crashes, suites failing whole, reruns, runs sharded over two
 * reports, runs of only some suites) are ingested in random order in random batches, with a pass after most batches; at random
 * points and at the end the derived tables are compared with a rebuild.
 */
class IncrementalDetectionTest {
    @TempDir
    Path dir;

    private static final int SUITES = 3;
    private static final int TESTS_PER_SUITE = 4;
    private static final String[] TABLES = {
        "select run_id, test_id, kind, post_submit, change_id, job, builder, occurred_at from flake_occurrence",
        "select run_id, kind, suite, failed, total, stretch from infra_run",
        "select run_id, suite, failed, total from setup_flake",
        "select run_id, test_id from consistent_failure",
        "select run_id, test_id, verdict from run_test_verdict",
        "select run_id, executed from run_size",
        "select run_id, suite, fails, executed from run_suite_failure",
        "select test_id from candidate_test",
        "select run_id, job_k, builder_k, equiv, ts from run_code",
        "select test_id, job_k, builder_k, equiv, first_ts, passed from test_code"
    };

    static List<String> stores() {
        return TestStores.names();
    }

    /** One report file of a run: a run sharded over two reports has two. */
    private record Report(Run run, String digest, List<TestCase> cases) {}

    @ParameterizedTest
    @MethodSource("stores")
    void incrementalPassesGiveWhatARebuildGives(String store) throws Exception {
        int trials = 15;
        FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
        int compared = 0;
        for (int trial = 0; trial < trials; trial++) {
            Random rnd = new Random(1_000 + trial);
            List<Report> reports = history(rnd, trial);
            Collections.shuffle(reports, rnd);
            Path trialDir = Files.createDirectories(dir.resolve("t" + trial));
            // on PostgreSQL the passes derive in a copy kept between them, as the server's do; the
            // rebuilds that compare make the next pass copy everything again
            try (Database db = TestStores.open(store, trialDir);
                    DerivationCopy copy = new DerivationCopy()) {
                int i = 0;
                Set<String> touched = new HashSet<>();
                while (i < reports.size()) {
                    int n = 1 + rnd.nextInt(8);
                    List<Report> batch = reports.subList(i, Math.min(reports.size(), i + n));
                    touched.addAll(store(db, batch));
                    i += batch.size();
                    if (rnd.nextInt(5) == 0) {
                        continue; // several batches may land between two passes
                    }
                    FlakeDetection.Outcome o = detection.run(db, copy);
                    if (!o.rebuilt()) {
                        assertThat(o.runsRead())
                                .as("trial %d reads only the runs that got reports", trial)
                                .isEqualTo(touched.size());
                    }
                    touched.clear();
                    if (rnd.nextInt(4) == 0) {
                        compareWithRebuild(db, detection, "trial " + trial + " after " + i + " reports");
                        compared++;
                    }
                }
                detection.run(db, copy);
                compareWithRebuild(db, detection, "trial " + trial + " at the end");
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(trials);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPassReadsOnlyTheRunsThatGotAReport(String store) throws Exception {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (int r = 0; r < 6; r++) {
                s.post("r" + r, "linux").test("a", r % 2 == 0 ? "P" : "F").test("b", "P");
            }
            s.store();
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            FlakeDetection.Outcome first = detection.run(db);
            assertThat(first.rebuilt()).isTrue();
            assertThat(first.runsRead()).isEqualTo(6);

            s.post("r6", "linux").test("a", "P").test("b", "FP");
            s.post("r7", "linux").test("a", "P").test("b", "P");
            s.store();
            FlakeDetection.Outcome second = detection.run(db);
            assertThat(second.rebuilt()).isFalse();
            assertThat(second.runsRead()).isEqualTo(2);
            // b failed for the first time: its verdicts in the six old runs come in too
            assertThat(count(db, "select count(*) from run_test_verdict")).isEqualTo(16);
            assertThat(detection.run(db).runsRead()).isZero();
            assertThat(detection.rebuild(db).rebuilt()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPassThatFailsHalfwayIsRepairedByTheNext(String store) throws Exception {
        try (Database db = TestStores.open(store, dir);
                DerivationCopy copy = new DerivationCopy()) {
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            Random rnd = new Random(7);
            List<Report> reports = history(rnd, 7);
            int half = reports.size() / 2;
            store(db, reports.subList(0, half));
            detection.run(db, copy);
            store(db, reports.subList(half, reports.size()));
            // the pass breaks after it has brought the kept tables up to date, before it commits (on
            // PostgreSQL after the copy took some of its rows: the next pass must not trust the copy)
            exec(db, "alter table setup_flake rename to setup_flake_away");
            assertThatThrownBy(() -> detection.run(db, copy)).isInstanceOf(StoreException.class);
            exec(db, "alter table setup_flake_away rename to setup_flake");
            assertThat(count(db, "select count(*) from report where detected is null"))
                    .isPositive();
            FlakeDetection.Outcome repaired = detection.run(db, copy);
            assertThat(repaired.rebuilt()).isFalse();
            assertThat(repaired.runsRead()).isPositive();
            compareWithRebuild(db, detection, "after a failed pass");
        }
    }

    /**
     * A server's pass asks before each step how many cores it may take (fewer while uploads are in
     * flight): the count it is told mid-pass applies to the steps that follow, and what it derives
     * does not depend on it.
     */
    @Test
    void aPassTakesTheCoresItIsToldBeforeEachStep() throws Exception {
        try (Database db = Database.open(TestStores.freshPostgres(dir));
                DerivationCopy copy = new DerivationCopy()) {
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            List<Report> reports = history(new Random(11), 3);
            int half = reports.size() / 2;
            store(db, reports.subList(0, half));
            detection.run(db, copy);
            store(db, reports.subList(half, reports.size()));
            AtomicInteger asked = new AtomicInteger();
            // one core for the first three steps (uploads in flight), then three (the burst ended)
            copy.threads(() -> asked.incrementAndGet() <= 3 ? 1 : 3);
            FlakeDetection.Outcome o = detection.run(db, copy);
            assertThat(o.rebuilt()).isFalse();
            assertThat(asked.get()).as("asked before each step").isGreaterThan(3);
            assertThat(copy.threads()).isEqualTo(3);
            compareWithRebuild(db, detection, "after a pass whose cores changed");
        }
    }

    /**
     * Another instance's pass between two of this one's (several servers on one PostgreSQL store): the
     * copy this one kept no longer matches the store, and its next pass must not derive from it.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void aKeptCopyIsNotTrustedAfterAPassElsewhere(String store) throws Exception {
        try (Database db = TestStores.open(store, dir);
                DerivationCopy copy = new DerivationCopy()) {
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            Scenario s = new Scenario(db);
            s.post("r0", "linux").test("a", "P").test("b", "F");
            s.store();
            detection.run(db, copy);
            s.post("r1", "linux").test("a", "F").test("b", "P");
            s.store();
            new FlakeDetection(DetectionConfig.defaults()).run(db);
            s.post("r2", "linux").test("a", "P").test("b", "P");
            s.post("r1", "mac").test("a", "P").test("b", "P");
            s.store();
            FlakeDetection.Outcome o = detection.run(db, copy);
            assertThat(o.rebuilt()).isFalse();
            // a flipped in r1 on linux (and passed r1 on mac): a run, and a candidate, the kept copy never saw
            assertThat(o.occurrences()).isEqualTo(1);
            compareWithRebuild(db, detection, "after a pass elsewhere");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPassRewritesOnlyTheOccurrencesThatChanged(String store) throws Exception {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (int r = 0; r < 8; r++) {
                s.post("r" + r, "linux").test("a", "P").test("b", r % 2 == 1 ? "FP" : "P");
            }
            s.store();
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            detection.run(db);
            // where each row lies in the table: a row deleted and inserted again lies elsewhere
            String where = store.equals("duckdb") ? "rowid" : "ctid";
            String located = "select run_id, test_id, kind, cast(" + where + " as varchar) from flake_occurrence";
            List<String> before = rows(db, located);
            assertThat(before).hasSize(4);

            s.post("r8", "linux").test("a", "P").test("b", "FP");
            s.store();
            detection.run(db);
            List<String> after = rows(db, located);
            assertThat(after).containsAll(before);
            assertThat(after).hasSize(before.size() + 1);
            compareWithRebuild(db, detection, "after one more run");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRunThatBecomesACrashTakesBackTheOccurrencesOfTestsANewRunDidNotRun(String store) throws Exception {
        try (Database db = TestStores.open(store, dir);
                DerivationCopy copy = new DerivationCopy()) {
            Scenario s = new Scenario(db);
            // five tests fail on code nothing ever passed them on (consistent), f fails where it passed
            s.post("r1", "linux")
                    .test("a", "F")
                    .test("b", "F")
                    .test("c", "F")
                    .test("d", "F")
                    .test("e", "F")
                    .test("f", "F");
            s.post("r1", "linux").test("f", "P");
            s.store();
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            detection.run(db, copy);
            assertThat(rows(db, "select kind from flake_occurrence")).containsExactly("same-code|");

            // the five pass the same code: their failures become unusual, and the first run a crash,
            // whose failure of f (which the new run did not run) counts against f no more
            s.post("r1", "linux")
                    .test("a", "P")
                    .test("b", "P")
                    .test("c", "P")
                    .test("d", "P")
                    .test("e", "P");
            s.store();
            assertThat(detection.run(db, copy).rebuilt()).isFalse();
            assertThat(count(db, "select count(*) from infra_run where kind = 'run'"))
                    .isEqualTo(1);
            assertThat(count(db, "select count(*) from flake_occurrence")).isZero();
            compareWithRebuild(db, detection, "after the crash was known");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aChangeThatGetsALaterPatchsetTakesBackTheMergedFailuresOfTestsItDidNotRun(String store) throws Exception {
        try (Database db = TestStores.open(store, dir);
                DerivationCopy copy = new DerivationCopy()) {
            Scenario s = new Scenario(db);
            s.pre("c1", "1", "e1", "linux", 1, true).test("g", "F").test("h", "P");
            s.pre("c1", "1", "e1", "mac", 1, null).test("g", "P").test("h", "P");
            s.store();
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            detection.run(db, copy);
            assertThat(rows(db, "select kind from flake_occurrence")).containsExactly("merged-failure|");

            // the change went on to a second patchset, whose run did not run g: the first patchset was
            // not what merged
            s.pre("c1", "2", "e2", "linux").test("h", "P");
            s.store();
            assertThat(detection.run(db, copy).rebuilt()).isFalse();
            assertThat(count(db, "select count(*) from flake_occurrence")).isZero();
            compareWithRebuild(db, detection, "after the second patchset");
        }
    }

    private static void compareWithRebuild(Database db, FlakeDetection detection, String when) throws SQLException {
        Map<String, List<String>> incremental = snapshot(db);
        detection.rebuild(db);
        Map<String, List<String>> full = snapshot(db);
        for (String table : full.keySet()) {
            assertThat(incremental.get(table)).as("%s: %s", when, table).isEqualTo(full.get(table));
        }
    }

    private static Map<String, List<String>> snapshot(Database db) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String sql : TABLES) {
            List<String> r = rows(db, sql);
            Collections.sort(r);
            out.put(sql, r);
        }
        return out;
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> rows(Database db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    // one spelling for both stores' integer types
                    b.append(v instanceof Number num && !(v instanceof Double) ? num.longValue() : v)
                            .append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static void exec(Database db, String sql) throws SQLException {
        try (Statement st = db.connection().createStatement()) {
            st.execute(sql);
        }
    }

    /** Stores the batch in one session; returns the runs that got a report. */
    private static Set<String> store(Database db, List<Report> batch) {
        Set<String> touched = new HashSet<>();
        try (IngestSession s = new IngestSession(db)) {
            for (Report r : batch) {
                if (s.alreadyIngested(r.run(), r.digest())) {
                    continue;
                }
                touched.add(r.run().externalId());
                IngestSession.ReportWriter w = s.begin(r.run(), r.digest() + ".xml", "junit", r.digest());
                for (TestCase tc : r.cases()) {
                    w.accept(tc, null);
                }
                w.done();
            }
            s.commit();
        }
        return touched;
    }

    private static Run withoutBuilder(Run r) {
        return new Run(
                r.source(),
                r.externalId(),
                r.job(),
                null,
                r.revision(),
                r.change(),
                r.patchset(),
                r.equivalence(),
                r.attempt(),
                r.payload(),
                r.startedAt(),
                r.durationMs(),
                r.status(),
                r.url(),
                r.merged(),
                r.extra(),
                r.rerun());
    }

    /**
     * A random history. Each test has a behaviour: steady, flaky at some rate, broken from one main-line
     * revision to a later one, or flaky only from some run on (a test failing for the first time late,
     * after earlier passes read its passes).
     */
    private static List<Report> history(Random rnd, int trial) {
        int runs = 15 + rnd.nextInt(25);
        int tests = SUITES * TESTS_PER_SUITE;
        double[] flaky = new double[tests];
        int[] brokenFrom = new int[tests];
        int[] brokenTo = new int[tests];
        int[] startsAt = new int[tests];
        for (int t = 0; t < tests; t++) {
            int kind = rnd.nextInt(6);
            flaky[t] = kind == 1 || kind == 3 ? 0.1 + rnd.nextDouble() * 0.4 : 0;
            brokenFrom[t] = kind == 2 ? rnd.nextInt(8) : Integer.MAX_VALUE;
            brokenTo[t] = kind == 2 ? brokenFrom[t] + 1 + rnd.nextInt(4) : Integer.MAX_VALUE;
            startsAt[t] = kind == 3 ? rnd.nextInt(runs) : 0;
        }
        String[] jobs = {"unit", "e2e"};
        String[] builders = {"linux", "mac"};
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        List<Report> out = new ArrayList<>();
        Set<String> downSuite = new HashSet<>();
        for (int r = 0; r < runs; r++) {
            boolean pre = rnd.nextInt(10) < 3;
            boolean rerun = !pre && rnd.nextInt(20) == 0;
            String job = jobs[rnd.nextInt(jobs.length)];
            String builder = builders[rnd.nextInt(builders.length)];
            int rev = pre ? -1 : r / 3;
            String change = pre ? "c" + rnd.nextInt(4) : null;
            String patchset = pre ? String.valueOf(1 + rnd.nextInt(2)) : null;
            String equivalence = pre ? change + "-" + (rnd.nextBoolean() ? "1" : patchset) : null;
            Run run = new Run(
                    "prop" + trial,
                    "run-" + r,
                    job,
                    builder,
                    pre ? null : "rev" + rev,
                    change,
                    patchset,
                    equivalence,
                    pre ? 1 + rnd.nextInt(2) : 1,
                    null,
                    rnd.nextInt(15) == 0 ? null : t0.plusSeconds(60L * r + rnd.nextInt(30)),
                    null,
                    null,
                    null,
                    pre && rnd.nextBoolean() ? Boolean.TRUE : null,
                    null,
                    rerun);
            boolean crash = rnd.nextInt(18) == 0;
            // a suite that cannot start on one job and builder stays down for a few runs there
            String place = job + "/" + builder;
            if (rnd.nextInt(10) == 0) {
                downSuite.add(place + "#" + rnd.nextInt(SUITES));
            } else if (rnd.nextInt(3) == 0) {
                downSuite.removeIf(k -> k.startsWith(place + "#"));
            }
            // a run that tests only some suites (a job's share of them, a rerun of what failed) leaves the
            // other tests' failures to judgements an incremental pass keeps
            int suites = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt((1 << SUITES) - 1) : (1 << SUITES) - 1;
            List<TestCase> cases = new ArrayList<>();
            for (int t = 0; t < tests; t++) {
                int suite = t / TESTS_PER_SUITE;
                if ((suites & (1 << suite)) == 0) {
                    continue;
                }
                String attempts;
                if (rnd.nextInt(25) == 0) {
                    attempts = "S";
                } else if (crash || downSuite.contains(place + "#" + suite) && rnd.nextInt(8) != 0) {
                    attempts = "F";
                } else if (!pre && rev >= brokenFrom[t] && rev < brokenTo[t]) {
                    attempts = rnd.nextInt(6) == 0 ? "FF" : "F";
                } else if (r >= startsAt[t] && rnd.nextDouble() < flaky[t]) {
                    attempts = switch (rnd.nextInt(4)) {
                        case 0 -> "FP";
                        case 1 -> "E";
                        case 2 -> "FFP";
                        default -> "F";
                    };
                } else {
                    attempts = "P";
                }
                cases.add(Scenario.testCase("com.acme.S" + suite + "Test", "t" + t, attempts, null));
            }
            if (rnd.nextInt(5) == 0 && cases.size() > 1) {
                int cut = 1 + rnd.nextInt(cases.size() - 1);
                // a first shard that did not know when the run started, or on which builder: the other
                // fills it in, and a pass between them saw the run at another time or on another code
                Run first = switch (rnd.nextInt(3)) {
                    case 0 -> run.withStartedAt(null);
                    case 1 -> withoutBuilder(run);
                    default -> run;
                };
                out.add(new Report(first, "d" + r + "a", cases.subList(0, cut)));
                out.add(new Report(run, "d" + r + "b", cases.subList(cut, cases.size())));
            } else {
                out.add(new Report(run, "d" + r, cases));
            }
            if (rnd.nextInt(12) == 0) {
                // the same report sent twice: stored once
                out.add(out.get(out.size() - 1));
            }
        }
        return out;
    }
}
