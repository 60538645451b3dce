package io.flakelens.store.detect;

import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Derives {@code flake_occurrence}, {@code infra_run}, {@code setup_flake} and {@code consistent_failure}
 * from the stored runs and results, as a short pipeline of set-based statements (so it scales as SQL
 * does and ports to Spark):
 * <ol>
 * <li>candidates: only tests that ever failed can be flaky, which shrinks everything after;</li>
 * <li>per run and candidate test, a verdict: F failed on every attempt, K failed then passed, P passed;</li>
 * <li>each failure judged unusual (the test passed in another run of the same code on the job, or in the
 * code run before on the job and builder) or consistent;</li>
 * <li>infrastructure: runs where most tests that could have passed failed at once, unusually; and
 * suites that failed whole in a run, either a broken environment (a stretch of runs on a job and
 * builder holding code that never passed the suite there; their failures count against no test) or a
 * flaky set-up (every run of the stretch tested code that passed the suite there);</li>
 * <li>evidence for each remaining failure, strongest kind first; retries from K verdicts.</li>
 * </ol>
 * Consistent failures are never evidence: every kind needs a pass of the same test on the same code
 * (or, for flips, on the same revision) to set against the failure.
 *
 * <p>Steps 1 and 2 read every stored result, and each of their rows (a candidate, a verdict, a run's
 * size, a suite's failures in a run) is a function of one run's results alone. So they are kept in
 * tables between passes, and a pass reads again only the results of runs that got a report since the
 * last pass ({@code report.detected} is null). Everything after works on those kept rows, a few per
 * failing test and run, and is derived whole each time, which is what makes an incremental pass give
 * exactly what a rebuild gives: a new run can change the judgement of old failures of the same code,
 * the infrastructure verdict of old runs (through those judgements) and the suites' stretches around
 * it, and none of that has to be tracked. The pass is one transaction: one that fails leaves its
 * reports unread, and the next pass reads them.
 */
public final class FlakeDetection {
    private final DetectionConfig config;

    public FlakeDetection(DetectionConfig config) {
        this.config = config;
    }

    /**
     * @param brokenSuites       suites that failed whole in a run of a broken environment
     * @param setupFlakes        suites that failed whole in a run of code that passed them on the same builder
     * @param consistentFailures failures of tests failing in every run of their code, and in the code before
     * @param runsRead           runs whose results this pass read (every run when it rebuilt)
     * @param rebuilt            true when the pass read every stored result, false when only new runs'
     */
    public record Outcome(
            long occurrences,
            long infraRuns,
            long brokenSuites,
            long setupFlakes,
            long consistentFailures,
            long millis,
            long runsRead,
            boolean rebuilt) {}

    /**
     * Detects, reading only the results of runs that got a report since the last pass; reads every
     * result instead when the kept tables were built under other thresholds or never built.
     */
    public Outcome run(Database db) {
        return run(db, false, null);
    }

    /**
     * As {@link #run(Database)}, on a PostgreSQL store deriving in {@code copy}, which a process that
     * detects again and again keeps between passes (it is ignored on DuckDB, which derives in place).
     */
    public Outcome run(Database db, DerivationCopy copy) {
        return run(db, false, copy);
    }

    /** Detects from every stored result, rebuilding the kept tables as well. */
    public Outcome rebuild(Database db) {
        return run(db, true, null);
    }

    /**
     * The session advisory lock every pass on a PostgreSQL store holds ("flakedet" in ASCII, so it is
     * recognisable in pg_locks). Two passes at once (a server's and a command's, or two servers') would
     * rewrite the same rows from two snapshots, and PostgreSQL failed one of them ("could not serialize
     * access"); a pass waits for the one running instead.
     */
    public static final long LOCK_KEY = 0x666c616b65646574L;

    private Outcome run(Database db, boolean full, DerivationCopy kept) {
        // taken outside the pass's transaction, whose snapshot must start after the other pass ended; on
        // DuckDB one process holds the file and the lock is nothing
        db.lockJob(LOCK_KEY);
        try {
            return runLocked(db, full, kept);
        } finally {
            db.unlockJob(LOCK_KEY);
        }
    }

    private Outcome runLocked(Database db, boolean full, DerivationCopy kept) {
        long t0 = System.nanoTime();
        Connection c = db.connection();
        // On PostgreSQL uploads commit while a pass runs (the server gives detection its own
        // connection): one snapshot for every statement keeps the temp tables consistent with each
        // other, and the reports it marks read are exactly those it saw.
        boolean postgres = db.dialectName().equals("postgresql");
        DerivationCopy copy = postgres && kept == null ? new DerivationCopy() : kept;
        try {
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            if (postgres) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try (Statement s = c.createStatement()) {
                long[] seen = marks(c);
                String stateBefore = postgres ? DerivationCopy.state(c) : "";
                boolean rebuild = full || !basis().equals(storedBasis(s)) || count(s, KEYS_CHANGED) > 0;
                List<String> steps = new ArrayList<>(drops());
                long runsRead;
                if (rebuild) {
                    steps.addAll(rebuildKept(postgres));
                    steps.add("update report set detected = true where detected is null");
                    execute(s, steps);
                    runsRead = count(s, "select count(*) from run");
                } else {
                    steps.addAll(refreshKept(postgres));
                    execute(s, steps);
                    runsRead = count(s, "select count(*) from d_dirty");
                    List<String> more = new ArrayList<>();
                    more.add(
                            count(s, "select count(*) from d_new_cand") > 0
                                    ? verdictsOfNewCandidates()
                                    : "create temporary table d_cand_verdict as select * from run_test_verdict limit 0");
                    more.add("insert into run_test_verdict select * from d_cand_verdict");
                    more.addAll(refreshTestCodes(postgres));
                    more.add("update report set detected = true where detected is null"
                            + " and run_id in (select run_id from d_dirty)");
                    more.addAll(SCOPE_STEPS);
                    execute(s, more);
                }
                // a rebuild derives everything; a pass after it only what its runs can change
                boolean scoped = !rebuild;
                if (postgres) {
                    // the copy kept from the last pass still holds that pass's temporary tables
                    List<String> derived = new ArrayList<>(drops());
                    derived.addAll(derive(true, scoped));
                    copy.derive(c, stateBefore, rebuild, derived);
                } else {
                    execute(s, derive(true, scoped));
                    for (Derived d : Derived.ALL) {
                        execute(s, d.apply());
                    }
                }
                long occ = count(s, "select count(*) from flake_occurrence");
                long infra = count(s, "select count(*) from infra_run where kind = 'run'");
                long suites = count(s, "select count(*) from infra_run where kind = 'suite'");
                long setups = count(s, "select count(*) from setup_flake");
                long consistent = count(s, "select count(*) from consistent_failure");
                markFresh(c, seen, basis());
                String stateAfter = postgres ? DerivationCopy.state(c) : "";
                long tc = System.nanoTime();
                c.commit();
                trace("commit", tc);
                if (postgres) {
                    copy.committed(stateAfter);
                }
                for (String t : TEMPS) {
                    s.execute("drop table if exists " + t);
                }
                for (String t : SCOPE) {
                    s.execute("drop table if exists " + t);
                }
                c.commit();
                return new Outcome(
                        occ,
                        infra,
                        suites,
                        setups,
                        consistent,
                        (System.nanoTime() - t0) / 1_000_000,
                        runsRead,
                        rebuild);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                if (postgres) {
                    c.setTransactionIsolation(isolation);
                }
                if (copy != null && copy != kept) {
                    copy.close();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("flake detection failed: " + e.getMessage(), e);
        }
    }

    static void execute(Statement s, List<String> steps) throws SQLException {
        for (String sql : steps) {
            long t = System.nanoTime();
            s.execute(sql);
            trace(sql.strip().lines().findFirst().orElse(""), t);
        }
    }

    /** With {@code -Dflakelens.trace=true}, how long a step took since {@code t0}, on stderr. */
    static void trace(String step, long t0) {
        if (Boolean.getBoolean("flakelens.trace")) {
            System.err.printf("detect %6d ms  %s%n", (System.nanoTime() - t0) / 1_000_000, step);
        }
    }

    /**
     * What the kept tables depend on besides the results: the suite threshold (a suite's failures are
     * kept from that many failing tests up) and the shape of the tables themselves.
     */
    private String basis() {
        return "kept-v2 suiteMinFailures=" + config.suiteMinFailures();
    }

    private static String storedBasis(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select basis from detection_state where id = 1")) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }

    private static final List<String> STEP_TEMPS = List.of(
            "d_dirty",
            "d_res",
            "d_new_cand",
            "d_cand_verdict",
            "d_verdict",
            "d_touch",
            "d_touch_verdict",
            "d_test_code",
            "d_run",
            "d_f",
            "d_ok",
            "d_ok_code",
            "d_fj0",
            "d_code",
            "d_fj",
            "d_infra",
            "d_suite",
            "d_sk",
            "d_sseq",
            "d_stretch",
            "d_setup",
            "d_fail",
            "d_flip",
            "d_last",
            "d_ok_slot",
            "d_ok_change",
            "d_ok_rev",
            "d_ok_merged",
            "d_excluded",
            "d_scope_weighed");

    /** Every temporary table of a pass: its steps' and the derived tables' shadows. */
    private static final List<String> TEMPS = Stream.concat(
                    STEP_TEMPS.stream(), Derived.ALL.stream().map(Derived::shadow))
            .toList();

    private static List<String> drops() {
        return TEMPS.stream().map(t -> "drop table if exists " + t).toList();
    }

    /**
     * What an incremental pass's runs can change the judgement of ({@link #derive(boolean, boolean)}):
     * the tests with a verdict in them (every failing test of a run is a candidate, so every test a
     * failure of theirs could count against) and the changes they belong to. Kept apart from the
     * steps' tables, as a PostgreSQL pass copies them into its {@link DerivationCopy}.
     */
    static final List<String> SCOPE = List.of("d_scope_test", "d_scope_change");

    private static final List<String> SCOPE_STEPS = List.of(
            "drop table if exists d_scope_test",
            "drop table if exists d_scope_change",
            "create temporary table d_scope_test as select distinct test_id from d_verdict",
            """
            create temporary table d_scope_change as
            select distinct change_id from run
            where id in (select run_id from d_dirty) and change_id is not null""");

    /** The verdict of each candidate test in each run of {@code results} joined with {@code candidates}. */
    private static String verdicts(String results, String candidates, String where) {
        return """
                select r.run_id, r.test_id,
                       case when max(case when r.outcome in ('F', 'E') then 1 else 0 end) = 1
                            then case when max(case when r.outcome = 'P' then 1 else 0 end) = 1 then 'K' else 'F' end
                            else case when max(case when r.outcome = 'P' then 1 else 0 end) = 1 then 'P' else 'S' end
                       end as verdict
                from %s r join %s c on c.test_id = r.test_id%s
                group by r.run_id, r.test_id""".formatted(results, candidates, where);
    }

    /** Tests each run of {@code results} executed: one first attempt per test, skips aside. */
    private static String sizes(String results) {
        return "insert into run_size select run_id, count(*) from " + results
                + " where attempt = 1 and outcome <> 'S' group by run_id";
    }

    /**
     * Suites with at least the threshold of tests failing in a run of {@code results} (whose verdicts are
     * {@code verdicts}), and how many of the suite's tests that run executed.
     */
    private String suiteFailures(String results, String verdicts) {
        return """
                insert into run_suite_failure
                select c.run_id, c.suite, c.fails, count(*) as executed
                from (select v.run_id, t.suite, count(*) as fails
                      from %s v join test t on t.id = v.test_id
                      where v.verdict = 'F' and t.suite is not null
                      group by v.run_id, t.suite having count(*) >= %d) c
                join %s r on r.run_id = c.run_id and r.attempt = 1 and r.outcome <> 'S'
                join test t on t.id = r.test_id and t.suite = c.suite
                group by c.run_id, c.suite, c.fails""".formatted(verdicts, config.suiteMinFailures(), results);
    }

    /** The kept tables from every stored result (the reports are marked read by the pass, not here). */
    private List<String> rebuildKept(boolean analyze) {
        List<String> out = new ArrayList<>();
        out.add("delete from candidate_test");
        out.add("insert into candidate_test select distinct test_id from result where outcome in ('F', 'E')");
        if (analyze) {
            // Without statistics of the candidates just written, PostgreSQL guessed a handful and
            // fetched their results one index entry at a time: 41 s instead of 3 s at ten million.
            out.add("analyze candidate_test");
        }
        out.addAll(List.of(
                "delete from run_test_verdict",
                "insert into run_test_verdict " + verdicts("result", "candidate_test", ""),
                "delete from run_size",
                sizes("result"),
                "delete from run_suite_failure",
                suiteFailures("result", "run_test_verdict"),
                "delete from run_code",
                "insert into run_code " + RUN_KEYS,
                "delete from test_code",
                "insert into test_code " + testCodes("run_test_verdict")));
        return out;
    }

    /**
     * Each run's code as the kept tables know it: its job and builder (absent as empty), its
     * equivalence key (else its revision, else the run itself) and when it ran; reruns (of old code,
     * asked for by a rerun plan) count for none.
     */
    private static final String RUN_KEYS = """
            select id as run_id, coalesce(job, '') as job_k, coalesce(builder, '') as builder_k,
                   coalesce(equivalence, revision, cast(id as varchar)) as equiv, ran_at as ts
            from timed_run where rerun is null or not rerun""";

    /**
     * Runs with an unread report that the kept tables count under another code than they now test: a
     * later report filled in a job, a builder, a revision or an equivalence key the first one lacked,
     * or made the run a rerun. The codes they were counted in are not known any more, so such a pass
     * rebuilds what it keeps (rare: a CI job sends its run's fields with every report). A start filled
     * in later needs no rebuild: the run's codes are derived again anyway.
     */
    private static final String KEYS_CHANGED = """
            select count(*) from run_code c
            join (select distinct run_id from report where detected is null) d on d.run_id = c.run_id
            left join (%s) n on n.run_id = c.run_id
            where n.run_id is null or n.job_k <> c.job_k or n.builder_k <> c.builder_k
               or n.equiv <> c.equiv""".formatted(RUN_KEYS);

    /**
     * Each test's codes on each job and builder among {@code verdicts} (joined with {@code run_code}):
     * when it first ran one there and whether it passed it.
     */
    private static String testCodes(String verdicts) {
        return """
                select v.test_id, c.job_k, c.builder_k, c.equiv, min(c.ts) as first_ts,
                       max(case when v.verdict in ('P', 'K') then 1 else 0 end) as passed
                from %s v join run_code c on c.run_id = v.run_id
                where v.verdict <> 'S'
                group by v.test_id, c.job_k, c.builder_k, c.equiv""".formatted(verdicts);
    }

    /**
     * The kept tables brought up to date from the runs that got a report since the last pass: their
     * rows are derived again from all of their results (an old run may have got another shard).
     */
    private List<String> refreshKept(boolean analyze) {
        // PostgreSQL keeps no statistics of a temporary table until told to: without them it guesses
        // thousands of new runs and tests and scans every result instead of using the indexes on them.
        List<String> out = new ArrayList<>();
        out.add("create temporary table d_dirty as select distinct run_id from report where detected is null");
        if (analyze) {
            out.add("analyze d_dirty");
        }
        out.addAll(byRun(analyze, """
                create temporary table d_res as
                select r.run_id, r.test_id, r.attempt, r.outcome from result r join d_dirty d on d.run_id = r.run_id"""));
        out.add("""
                create temporary table d_new_cand as
                select distinct test_id from d_res where outcome in ('F', 'E')
                except select test_id from candidate_test""");
        if (analyze) {
            out.add("analyze d_new_cand");
        }
        out.add("insert into candidate_test select test_id from d_new_cand");
        out.addAll(byRun(analyze, "delete from run_test_verdict where run_id in (select run_id from d_dirty)"));
        // the new runs' verdicts, kept aside for the suites' counts and the DuckDB copy of a PostgreSQL
        // pass, which would otherwise look them up among every kept verdict again
        out.addAll(List.of(
                "create temporary table d_verdict as " + verdicts("d_res", "candidate_test", ""),
                "insert into run_test_verdict select * from d_verdict",
                "delete from run_size where run_id in (select run_id from d_dirty)",
                sizes("d_res"),
                "delete from run_suite_failure where run_id in (select run_id from d_dirty)",
                suiteFailures("d_res", "d_verdict"),
                "delete from run_code where run_id in (select run_id from d_dirty)",
                "insert into run_code select * from (" + RUN_KEYS
                        + ") k where run_id in (select run_id from d_dirty)"));
        return out;
    }

    /**
     * The codes of {@code test_code} that the new runs' verdicts touch, derived again from every kept
     * verdict of their runs: the new runs' own, which the pass just wrote, and the older runs' of the
     * same codes (none, for the new revisions most runs test); a test that became a candidate gets all
     * of its codes, from the verdicts this pass wrote for it. Runs after those were added
     * ({@code d_cand_verdict}).
     */
    private static List<String> refreshTestCodes(boolean postgres) {
        List<String> out = new ArrayList<>();
        out.add("""
                create temporary table d_touch as
                select distinct v.test_id, c.job_k, c.builder_k, c.equiv
                from d_verdict v join run_code c on c.run_id = v.run_id
                where v.test_id not in (select test_id from d_new_cand)""");
        if (postgres) {
            out.add("analyze d_touch");
        }
        out.addAll(byRun(postgres, """
                create temporary table d_touch_verdict as
                select v.run_id, v.test_id, v.verdict
                from (select distinct job_k, builder_k, equiv from d_touch) k
                join run_code c on c.job_k = k.job_k and c.builder_k = k.builder_k and c.equiv = k.equiv
                join run_test_verdict v on v.run_id = c.run_id
                join d_touch t on t.test_id = v.test_id and t.job_k = c.job_k and t.builder_k = c.builder_k
                     and t.equiv = c.equiv
                where c.run_id not in (select run_id from d_dirty)
                union all
                select run_id, test_id, verdict from d_verdict
                union all
                select run_id, test_id, verdict from d_cand_verdict"""));
        out.add("create temporary table d_test_code as " + testCodes("d_touch_verdict"));
        out.add("""
                delete from test_code t using d_touch k
                where t.test_id = k.test_id and t.job_k = k.job_k and t.builder_k = k.builder_k and t.equiv = k.equiv""");
        out.add("insert into test_code select * from d_test_code");
        return out;
    }

    /**
     * A statement that reads or deletes the rows of the new runs in a large table, on PostgreSQL through
     * the index on runs whatever the plan's estimate: it sizes a run by the average of all runs, and
     * when the new runs are small (a shard, a job's few tests) beside large ones it scanned every result
     * and kept verdict (2 s and 1.5 s at ten million) where index lookups take milliseconds.
     */
    private static List<String> byRun(boolean postgres, String sql) {
        return postgres ? List.of("set local enable_seqscan = off", sql, "reset enable_seqscan") : List.of(sql);
    }

    /**
     * A test failing for the first time becomes a candidate: its verdicts in the runs read before are
     * added: a scan of every result on DuckDB (and only when there is such a test), an index lookup on
     * PostgreSQL.
     */
    private static String verdictsOfNewCandidates() {
        return "create temporary table d_cand_verdict as "
                + verdicts("result", "d_new_cand", " where r.run_id not in (select run_id from d_dirty)");
    }

    /**
     * Everything derived from the kept tables and the runs; with {@code shadow}, into shadows of the
     * derived tables, for a pass that then writes only what changed ({@link Derived}).
     *
     * <p>With {@code scoped}, the judgements that read a test's whole history (the code before, flips,
     * passes of the same revision or change) are made again only for the tests in {@code d_scope_test};
     * every other test's failures keep what the last pass stored, which nothing new can have changed:
     * a failure's judgement reads only its own test's verdicts and codes, and the runs they lie in,
     * which are new ones only for tests in scope. Two things reach across tests, and widen the scope
     * before the evidence is judged: a run that becomes, or stops being, a crash or a broken suite's
     * run (its other tests' failures start or stop counting), and a change that got a run (which
     * patchset it ended on decides merged failures of its other runs). What reads every run (crashes,
     * suites, retries) is derived whole, from the stored judgements of the tests out of scope.
     */
    private List<String> derive(boolean shadow, boolean scoped) {
        // the failures whose judgement is made again
        String judged = scoped ? "(select * from d_f where test_id in (select test_id from d_scope_test))" : "d_f";
        // ... and those whose evidence is, once the runs that became or stopped being crashes are known
        String weighed = scoped ? "(select * from d_f where test_id in (select test_id from d_scope_weighed))" : "d_f";
        List<String> out = new ArrayList<>();
        out.addAll(List.of(
                // Each run's keys as small integers (ranks of the values, so they order as the values
                // do): every join and window below compares millions of verdicts on them, which is
                // several times faster than on text. The texts stay for the rows a pass writes.
                // place: job and builder, nulls as empty; line: job and builder as they are (flips).
                """
                create temporary table d_run as
                select id as run_id, job, builder, change_id, coalesce(attempt, 1) as attempt, merged,
                       ran_at as ts, coalesce(job, '') as job_k, coalesce(builder, '') as builder_k,
                       coalesce(equivalence, revision, cast(id as varchar)) as equiv,
                       dense_rank() over (order by coalesce(job, '')) as job_n,
                       dense_rank() over (order by coalesce(job, ''), coalesce(builder, '')) as place,
                       dense_rank() over (order by job, builder) as line,
                       dense_rank() over (order by coalesce(equivalence, revision, cast(id as varchar))) as code,
                       case when revision is not null then dense_rank() over (order by revision) end as rev,
                       case when change_id is not null then dense_rank() over (order by change_id) end as chg,
                       dense_rank() over (order by coalesce(patchset, '')) as ps
                from timed_run
                where rerun is null or not rerun""",
                """
                create temporary table d_f as
                select rt.run_id, rt.test_id, d.job_n, d.place, d.code
                from run_test_verdict rt join d_run d on d.run_id = rt.run_id
                where rt.verdict = 'F'""",
                // What passed, only where something failed: every rule below sets a failure against
                // passes of the same test on the same code (or revision), so passes of codes that never
                // failed the test are never read again, which keeps these tables a few rows per failure.
                // Where a test passed a code on a job and builder is kept (test_code); the rules of
                // presubmit runs (change, patchset, attempt) read their passes from the verdicts; only
                // the weighed failures' need them, after the crashes are known (d_ok).
                "create temporary table d_ok_code as " + passedCodes(judged),
                // Every failure, judged: unusual when the test passed in another run of the same code on the
                // job, or in the code run before on the job and builder; consistent otherwise.
                """
                create temporary table d_fj0 as
                select f.run_id, f.test_id, f.place, f.code,
                       case when jc.test_id is null then 0 else 1 end as job_passed
                from %s f
                left join (select distinct test_id, job_n, code from d_ok_code) jc
                     on jc.test_id = f.test_id and jc.job_n = f.job_n and jc.code = f.code""".formatted(judged),
                // The code before, only where it decides: each such test's codes on the job and builder in
                // the order they were first run, and whether it passed in each (kept in test_code, so this
                // reads a row per code, not every verdict). Every kept code is one of d_run's (both count
                // the runs that are not reruns, under the same keys), so the codes are numbered before the
                // window, which then partitions and orders on integers (code orders as the equivalence key
                // does): 1.5 s -> 0.7 s over 5 million kept codes.
                """
                create temporary table d_code as
                select test_id, place, code,
                       lag(passed) over (partition by test_id, place order by first_ts, code) as prev_passed
                from (select tc.test_id, p.place, e.code, tc.first_ts, tc.passed
                      from test_code tc
                      join (select distinct job_k, builder_k, place from d_run) p
                           on p.job_k = tc.job_k and p.builder_k = tc.builder_k
                      join (select distinct f.test_id, f.place from d_fj0 f where f.job_passed = 0) k
                           on k.test_id = tc.test_id and k.place = p.place
                      join (select distinct equiv, code from d_run) e on e.equiv = tc.equiv) x""",
                """
                create temporary table d_fj as
                select f.run_id, f.test_id,
                       case when f.job_passed = 1 or c.prev_passed = 1 then 1 else 0 end as unusual
                from d_fj0 f left join d_code c on c.test_id = f.test_id and c.place = f.place and c.code = f.code""" + (scoped ? JUDGED_BEFORE : ""),
                // A crash: most of the tests that could have passed failed at once, unusually.
                """
                create temporary table d_infra as
                select f.run_id, f.unusual as fails, s.executed from (
                    select run_id, sum(unusual) as unusual, count(*) - sum(unusual) as consistent
                    from d_fj group by run_id) f
                join run_size s on s.run_id = f.run_id
                where f.unusual >= %d and f.unusual > %s * (s.executed - f.consistent)""".formatted(config.infraMinFailures(), config.infraShare()),
                """
                create temporary table d_suite as
                select run_id, suite, fails, executed from run_suite_failure
                where run_id not in (select run_id from d_infra) and fails >= %s * executed""".formatted(config.suiteShare()),
                // A broken environment or a flaky set-up? On each job and builder where a suite failed whole,
                // its runs in time order (crashes aside): consecutive whole failures form a stretch.
                """
                create temporary table d_sk as
                select distinct d.place, s.suite from d_suite s join d_run d on d.run_id = s.run_id""",
                """
                create temporary table d_sseq as
                select x.run_id, x.suite, d.place, d.code, d.ts,
                       case when s.run_id is null then 0 else 1 end as whole
                from (select distinct rt.run_id, t.suite from run_test_verdict rt join test t on t.id = rt.test_id
                      where rt.verdict <> 'S' and t.suite in (select suite from d_sk)) x
                join d_run d on d.run_id = x.run_id
                join d_sk k on k.suite = x.suite and k.place = d.place
                left join d_suite s on s.run_id = x.run_id and s.suite = x.suite
                where x.run_id not in (select run_id from d_infra)""",
                """
                create temporary table d_stretch as
                select run_id, suite, place, code, whole,
                       sum(1 - whole) over (partition by place, suite order by ts, run_id
                                            rows between unbounded preceding and current row) as stretch,
                       max(1 - whole) over (partition by place, suite, code) as code_passed
                from d_sseq""",
                // A stretch whose every run tested code that passed the suite on the same job and builder is
                // pass and fail interleaved on the same code: a flaky set-up. Any other stretch holds code
                // that failed the suite whole every time it ran there: a broken environment.
                """
                create temporary table d_setup as
                select w.run_id, w.suite, g.stretch_id, g.interleaved
                from d_stretch w join (
                    select place, suite, stretch, min(run_id) as stretch_id, min(code_passed) as interleaved
                    from d_stretch where whole = 1 group by place, suite, stretch) g
                  on g.place = w.place and g.suite = w.suite and g.stretch = w.stretch
                where w.whole = 1"""));
        if (scoped) {
            out.addAll(List.of(
                    // what counts against no test now, as infra_run keeps it: crashes whole, and the suites
                    // of broken environments
                    """
                    create temporary table d_excluded as
                    select run_id, 'run' as kind, '' as suite from d_infra
                    union all
                    select s.run_id, 'suite', s.suite from d_suite s join d_setup p on p.run_id = s.run_id and p.suite = s.suite
                    where p.interleaved = 0""",
                    // the tests in scope, and every test that failed in a run that became or stopped being
                    // a crash or a broken suite's run, or in a run of a change that got a run
                    """
                    create temporary table d_scope_weighed as
                    select test_id from d_scope_test
                    union
                    select f.test_id from d_f f join d_run d on d.run_id = f.run_id
                    where d.change_id in (select change_id from d_scope_change)
                    union
                    select f.test_id from d_f f
                    where f.run_id in (select run_id from (
                              select run_id, kind, coalesce(suite, '') as suite from infra_run
                              except select run_id, kind, suite from d_excluded) a)
                       or f.run_id in (select run_id from (
                              select run_id, kind, suite from d_excluded
                              except select run_id, kind, coalesce(suite, '') as suite from infra_run) b)""",
                    "insert into d_ok_code "
                            + passedCodes("(select * from d_f where test_id in (select test_id from d_scope_weighed)"
                                    + " and test_id not in (select test_id from d_scope_test))")));
        }
        out.addAll(List.of(
                "create temporary table d_ok as " + passesOfChanges(weighed),
                // the failures that may count against a test
                """
                create temporary table d_fail as
                select rt.run_id, rt.test_id, d.job, d.builder, d.change_id, d.ts, d.attempt, d.merged,
                       d.place, d.line, d.code, d.rev, d.chg, d.ps
                from run_test_verdict rt join d_run d on d.run_id = rt.run_id join test t on t.id = rt.test_id
                where rt.verdict = 'F'
                  and rt.run_id not in (select run_id from d_infra)
                  and not exists (select 1 from d_setup s
                                  where s.run_id = rt.run_id and s.suite = t.suite and s.interleaved = 0)%s""".formatted(scoped ? "\n  and rt.test_id in (select test_id from d_scope_weighed)" : ""),
                // the patchset a change ended on: the one its latest run tested
                """
                create temporary table d_last as
                select chg, ps from (
                    select chg, ps, row_number() over (partition by chg order by ts desc, run_id) as n
                    from d_run where chg is not null) x
                where n = 1""",
                // a pass of the test on the same revision, which a flip needs beside its neighbours
                """
                create temporary table d_ok_rev as
                select distinct rt.test_id, d.rev
                from run_test_verdict rt join d_run d on d.run_id = rt.run_id
                join (select distinct test_id, rev from d_fail where rev is not null and chg is null) k
                     on k.test_id = rt.test_id and k.rev = d.rev
                where rt.verdict in ('P', 'K')""",
                // flips: on one job and builder, main line in time order, a fail between two passes; only
                // where one may decide a failure's evidence (no pass of the same code on the job and
                // builder, which ranks first, and a pass of the same revision)
                """
                create temporary table d_flip as
                select run_id, test_id from (
                    select rt.run_id, rt.test_id, rt.verdict, d.rev,
                           lag(rt.verdict) over w as prev_v, lead(rt.verdict) over w as next_v,
                           lag(d.rev) over w as prev_rev, lead(d.rev) over w as next_rev
                    from run_test_verdict rt join d_run d on d.run_id = rt.run_id
                    join (select distinct f.test_id, f.line from d_fail f
                          join d_ok_rev rv on rv.test_id = f.test_id and rv.rev = f.rev
                          left join d_ok_code cd on cd.test_id = f.test_id and cd.code = f.code
                               and cd.place = f.place
                          where f.chg is null and cd.test_id is null) k
                         on k.test_id = rt.test_id and k.line = d.line
                    where d.chg is null and rt.verdict <> 'S'
                    window w as (partition by rt.test_id, d.line order by d.ts, d.run_id)) x
                where verdict = 'F' and prev_v in ('P', 'K') and next_v in ('P', 'K')
                  and prev_rev <> rev and next_rev <> rev""",
                emptied("flake_occurrence", shadow),
                // What passed where, folded to the keys each rule joins on: plain equality joins, which
                // both planners hash (correlated EXISTS with IS NOT DISTINCT FROM ran as nested loops
                // on PostgreSQL: 33 s for half a million results).
                """
                create temporary table d_ok_slot as
                select test_id, chg, code, place, ps, max(attempt) as max_attempt
                from d_ok
                group by test_id, chg, code, place, ps""",
                """
                create temporary table d_ok_change as
                select distinct test_id, chg, code, place from d_ok""",
                """
                create temporary table d_ok_merged as
                select distinct test_id, chg, code from d_ok""",
                """
                insert into %s
                select * from (
                select f.run_id, f.test_id,
                       case
                         when f.chg is not null and sl.max_attempt > f.attempt then 'same-code'
                         when f.chg is not null and ch.test_id is not null then 'false-rejection'
                         when f.chg is null and cd.test_id is not null then 'same-code'
                         when f.chg is null and fl.test_id is not null and rv.test_id is not null then 'flip'
                         when f.merged and f.chg is not null and la.chg is not null
                              and mg.test_id is not null then 'merged-failure'
                       end as kind,
                       f.chg is null as post_submit, f.change_id, f.job, f.builder, f.ts
                from d_fail f
                left join d_ok_slot sl on sl.test_id = f.test_id and sl.chg = f.chg and sl.code = f.code
                     and sl.place = f.place and sl.ps = f.ps
                left join d_ok_change ch on ch.test_id = f.test_id and ch.chg = f.chg
                     and ch.code = f.code and ch.place = f.place
                left join d_ok_code cd on cd.test_id = f.test_id and cd.code = f.code and cd.place = f.place
                left join d_flip fl on fl.run_id = f.run_id and fl.test_id = f.test_id
                left join d_ok_rev rv on rv.test_id = f.test_id and rv.rev = f.rev
                left join d_last la on la.chg = f.chg and la.ps = f.ps
                left join d_ok_merged mg on mg.test_id = f.test_id and mg.chg = f.chg
                     and mg.code = f.code) x
                where kind is not null""".formatted(into("flake_occurrence", shadow))));
        if (scoped) {
            out.add("insert into " + into("flake_occurrence", shadow)
                    + " select * from flake_occurrence where kind <> 'retry'"
                    + " and test_id not in (select test_id from d_scope_weighed)");
        }
        out.addAll(List.of(
                """
                insert into %s
                select rt.run_id, rt.test_id, 'retry', d.change_id is null, d.change_id, d.job, d.builder, d.ts
                from run_test_verdict rt join d_run d on d.run_id = rt.run_id
                where rt.verdict = 'K' and rt.run_id not in (select run_id from d_infra)""".formatted(into("flake_occurrence", shadow)),
                emptied("infra_run", shadow),
                """
                insert into %s (run_id, kind, suite, failed, total, message, stretch)
                select run_id, 'run', null, fails, executed, null, null from d_infra""".formatted(into("infra_run", shadow)),
                """
                insert into %s (run_id, kind, suite, failed, total, message, stretch)
                select s.run_id, 'suite', s.suite, s.fails, s.executed, null, p.stretch_id
                from d_suite s join d_setup p on p.run_id = s.run_id and p.suite = s.suite
                where p.interleaved = 0""".formatted(into("infra_run", shadow)),
                emptied("setup_flake", shadow),
                """
                insert into %s (run_id, suite, failed, total)
                select s.run_id, s.suite, s.fails, s.executed
                from d_suite s join d_setup p on p.run_id = s.run_id and p.suite = s.suite
                where p.interleaved = 1""".formatted(into("setup_flake", shadow)),
                emptied("consistent_failure", shadow),
                "insert into " + into("consistent_failure", shadow)
                        + " (run_id, test_id) select run_id, test_id from d_fj where unusual = 0"));
        return out;
    }

    /**
     * The judgements of the failures of tests out of an incremental pass's scope, as the last pass stored
     * them: consistent when kept in {@code consistent_failure}, unusual otherwise.
     */
    private static final String JUDGED_BEFORE = """

            union all
            select f.run_id, f.test_id, case when cf.run_id is null then 1 else 0 end
            from d_f f
            left join consistent_failure cf on cf.run_id = f.run_id and cf.test_id = f.test_id
            where f.test_id not in (select test_id from d_scope_test)""";

    /**
     * Where each test of {@code failures} passed one of its failing codes, by job and builder (kept in
     * {@code test_code}).
     */
    private static String passedCodes(String failures) {
        return """
                select tc.test_id, e.code, p.job_n, p.place
                from test_code tc
                join (select distinct job_k, builder_k, job_n, place from d_run) p
                     on p.job_k = tc.job_k and p.builder_k = tc.builder_k
                join (select distinct equiv, code from d_run) e on e.equiv = tc.equiv
                join (select distinct test_id, code from %s) k on k.test_id = tc.test_id and k.code = e.code
                where tc.passed = 1""".formatted(failures);
    }

    /** The presubmit runs where each test of {@code failures} passed one of its failing codes. */
    private static String passesOfChanges(String failures) {
        return """
                select rt.test_id, d.chg, d.code, d.attempt, d.place, d.ps
                from run_test_verdict rt join d_run d on d.run_id = rt.run_id
                join (select distinct test_id, code from %s) k on k.test_id = rt.test_id and k.code = d.code
                where rt.verdict in ('P', 'K') and d.chg is not null""".formatted(failures);
    }

    /**
     * Where a derived table's rows go: into the table itself (emptied first), or, for a {@code shadow}
     * pass, into a temporary table of the same shape, so that only the rows that differ from what is
     * stored are written afterwards ({@link Derived}).
     */
    private static String into(String table, boolean shadow) {
        return shadow ? Derived.SHADOW + table : table;
    }

    private static String emptied(String table, boolean shadow) {
        return shadow
                ? "create temporary table " + into(table, true) + " as select * from " + table + " limit 0"
                : "delete from " + table;
    }

    /**
     * The pipeline's statements in the order a pass runs them, as DuckDB and PostgreSQL run them:
     * another engine runs the same definitions through a small translation of its dialect (the
     * spark module's {@code SparkDialect}).
     */
    public List<String> pipeline() {
        List<String> out = new ArrayList<>(drops());
        // the kept tables built whole, as a rebuild builds them; the reports' marks are the store's own
        out.addAll(rebuildKept(false));
        out.addAll(derive(false, false));
        return List.copyOf(out);
    }

    /**
     * Marks the detection tables fresh for what is stored now, after they were filled by a pass
     * that ran elsewhere over an export of this store and was imported. What detection keeps between
     * passes is left as it was: the next pass here still reads the runs it has not read.
     */
    public static void markFresh(Database db) {
        try (Statement s = db.connection().createStatement()) {
            markFresh(db.connection(), marks(db.connection()), storedBasis(s));
        } catch (SQLException e) {
            throw new StoreException("cannot mark detection fresh: " + e.getMessage(), e);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void markFresh(Connection c, long[] marks, String basis) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("delete from detection_state");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into detection_state (id, results, runs, detected_at, basis) values (1, ?, ?, ?, ?)")) {
            ps.setLong(1, marks[0]);
            ps.setLong(2, marks[1]);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, basis);
            ps.executeUpdate();
        }
    }

    /** What changes whenever anything is ingested: the report and run counts. */
    private static long[] marks(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select (select count(*) from report), (select count(*) from run)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** True when something was ingested since the last detection. */
    public static boolean stale(Database db) {
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("select results, runs from detection_state where id = 1")) {
            if (!rs.next()) {
                return true;
            }
            long[] now = marks(db.connection());
            return rs.getLong(1) != now[0] || rs.getLong(2) != now[1];
        } catch (SQLException e) {
            throw new StoreException("cannot read detection state: " + e.getMessage(), e);
        }
    }
}
