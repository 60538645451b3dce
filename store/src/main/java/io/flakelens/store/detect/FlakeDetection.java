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
import java.util.List;

/**
 * Rebuilds {@code flake_occurrence} and {@code infra_run} from the stored runs and results, as a
 * short pipeline of set-based statements (so it scales as SQL does and ports to Spark):
 * <ol>
 * <li>candidates: only tests that ever failed can be flaky, which shrinks everything after;</li>
 * <li>per run and candidate test, a verdict: F failed on every attempt, K failed then passed, P passed;</li>
 * <li>infrastructure: runs where most tests failed at once, and suites that failed whole in a run
 * (a broken environment); their failures count against no test;</li>
 * <li>evidence for each remaining failure, strongest kind first; retries from K verdicts.</li>
 * </ol>
 * Consistent failures are never evidence: every kind needs a pass of the same test on the same code
 * (or, for flips, on the same revision) to set against the failure.
 */
public final class FlakeDetection {
    private final DetectionConfig config;

    public FlakeDetection(DetectionConfig config) {
        this.config = config;
    }

    public record Outcome(long occurrences, long infraRuns, long brokenSuites, long millis) {
    }

    public Outcome run(Database db) {
        long t0 = System.nanoTime();
        Connection c = db.connection();
        // On PostgreSQL uploads commit while a pass runs (the server gives detection its own
        // connection): one snapshot for every statement keeps the temp tables consistent with each
        // other, and the marks read in it say exactly what this pass saw.
        boolean snapshot = db.dialectName().equals("postgresql");
        try {
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            if (snapshot) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try (Statement s = c.createStatement()) {
                long[] seen = marks(c);
                boolean trace = Boolean.getBoolean("flakelens.trace");
                for (String sql : statements()) {
                    long t = System.nanoTime();
                    s.execute(sql);
                    if (trace) {
                        System.err.printf("detect %6d ms  %s%n", (System.nanoTime() - t) / 1_000_000,
                                sql.strip().lines().findFirst().orElse(""));
                    }
                }
                long occ = count(s, "select count(*) from flake_occurrence");
                long infra = count(s, "select count(*) from infra_run where kind = 'run'");
                long suites = count(s, "select count(*) from infra_run where kind = 'suite'");
                markFresh(c, seen);
                c.commit();
                for (String t : TEMPS) {
                    s.execute("drop table if exists " + t);
                }
                c.commit();
                return new Outcome(occ, infra, suites, (System.nanoTime() - t0) / 1_000_000);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                if (snapshot) {
                    c.setTransactionIsolation(isolation);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("flake detection failed: " + e.getMessage(), e);
        }
    }

    private static final List<String> TEMPS = List.of("d_run", "d_cand", "d_rt", "d_size", "d_infra", "d_sfc",
            "d_suite", "d_fail", "d_ok", "d_flip", "d_last", "d_ok_slot", "d_ok_change", "d_ok_code", "d_ok_rev",
            "d_ok_merged");

    private List<String> statements() {
        return List.of(
                "drop table if exists d_run", "drop table if exists d_cand", "drop table if exists d_rt",
                "drop table if exists d_size", "drop table if exists d_infra", "drop table if exists d_sfc",
                "drop table if exists d_suite", "drop table if exists d_fail", "drop table if exists d_ok",
                "drop table if exists d_flip", "drop table if exists d_last", "drop table if exists d_ok_slot",
                "drop table if exists d_ok_change", "drop table if exists d_ok_code", "drop table if exists d_ok_rev",
                "drop table if exists d_ok_merged",
                """
                create temporary table d_run as
                select id as run_id, job, builder, revision, change_id, patchset,
                       coalesce(equivalence, revision, cast(id as varchar)) as equiv,
                       coalesce(attempt, 1) as attempt, merged,
                       coalesce(started_at, ingested_at) as ts,
                       coalesce(job, '') as job_k, coalesce(builder, '') as builder_k,
                       coalesce(patchset, '') as patchset_k
                from run""",
                "create temporary table d_cand as select distinct test_id from result where outcome in ('F', 'E')",
                """
                create temporary table d_rt as
                select r.run_id, r.test_id,
                       case when max(case when r.outcome in ('F', 'E') then 1 else 0 end) = 1
                            then case when max(case when r.outcome = 'P' then 1 else 0 end) = 1 then 'K' else 'F' end
                            else case when max(case when r.outcome = 'P' then 1 else 0 end) = 1 then 'P' else 'S' end
                       end as verdict
                from result r join d_cand c on c.test_id = r.test_id
                group by r.run_id, r.test_id""",
                // tests a run executed: one first attempt per test, skips aside
                """
                create temporary table d_size as
                select run_id, count(*) as executed from result where attempt = 1 and outcome <> 'S' group by run_id""",
                """
                create temporary table d_infra as
                select f.run_id, f.fails, s.executed from (
                    select run_id, count(*) as fails from d_rt where verdict = 'F' group by run_id) f
                join d_size s on s.run_id = f.run_id
                where f.fails >= %d and f.fails > %s * s.executed""".formatted(config.infraMinFailures(),
                        config.infraShare()),
                """
                create temporary table d_sfc as
                select rt.run_id, t.suite, count(*) as fails
                from d_rt rt join test t on t.id = rt.test_id
                where rt.verdict = 'F' and rt.run_id not in (select run_id from d_infra)
                group by rt.run_id, t.suite having count(*) >= %d""".formatted(config.suiteMinFailures()),
                """
                create temporary table d_suite as
                select c.run_id, c.suite, c.fails, count(*) as executed
                from d_sfc c
                join result r on r.run_id = c.run_id and r.attempt = 1 and r.outcome <> 'S'
                join test t on t.id = r.test_id and t.suite = c.suite
                group by c.run_id, c.suite, c.fails
                having c.fails >= %s * count(*)""".formatted(config.suiteShare()),
                // the failures that may count against a test
                """
                create temporary table d_fail as
                select rt.run_id, rt.test_id, d.job, d.builder, d.revision, d.change_id, d.patchset, d.equiv,
                       d.attempt, d.merged, d.ts, d.job_k, d.builder_k, d.patchset_k
                from d_rt rt join d_run d on d.run_id = rt.run_id join test t on t.id = rt.test_id
                where rt.verdict = 'F'
                  and rt.run_id not in (select run_id from d_infra)
                  and not exists (select 1 from d_suite s where s.run_id = rt.run_id and s.suite = t.suite)""",
                """
                create temporary table d_ok as
                select rt.run_id, rt.test_id, d.job, d.builder, d.revision, d.change_id, d.patchset, d.equiv,
                       d.attempt, d.ts, d.job_k, d.builder_k, d.patchset_k
                from d_rt rt join d_run d on d.run_id = rt.run_id
                where rt.verdict in ('P', 'K')""",
                // the patchset a change ended on: the one its latest run tested
                """
                create temporary table d_last as
                select change_id, patchset_k from (
                    select change_id, patchset_k, row_number() over (partition by change_id order by ts desc, run_id) as n
                    from d_run where change_id is not null) x
                where n = 1""",
                // flips: on one job and builder, main line in time order, a fail between two passes
                """
                create temporary table d_flip as
                select run_id, test_id from (
                    select rt.run_id, rt.test_id, rt.verdict, d.revision,
                           lag(rt.verdict) over w as prev_v, lead(rt.verdict) over w as next_v,
                           lag(d.revision) over w as prev_rev, lead(d.revision) over w as next_rev
                    from d_rt rt join d_run d on d.run_id = rt.run_id
                    where d.change_id is null and rt.verdict <> 'S'
                    window w as (partition by rt.test_id, d.job, d.builder order by d.ts, d.run_id)) x
                where verdict = 'F' and prev_v in ('P', 'K') and next_v in ('P', 'K')
                  and prev_rev <> revision and next_rev <> revision""",
                "delete from flake_occurrence",
                // What passed where, folded to the keys each rule joins on: plain equality joins, which
                // both planners hash (correlated EXISTS with IS NOT DISTINCT FROM ran as nested loops
                // on PostgreSQL: 33 s for half a million results).
                """
                create temporary table d_ok_slot as
                select test_id, change_id, equiv, job_k, builder_k, patchset_k, max(attempt) as max_attempt
                from d_ok where change_id is not null
                group by test_id, change_id, equiv, job_k, builder_k, patchset_k""",
                """
                create temporary table d_ok_change as
                select distinct test_id, change_id, equiv, job_k, builder_k from d_ok where change_id is not null""",
                """
                create temporary table d_ok_code as
                select distinct test_id, equiv, job_k, builder_k from d_ok""",
                """
                create temporary table d_ok_rev as
                select distinct test_id, revision from d_ok where revision is not null""",
                """
                create temporary table d_ok_merged as
                select distinct test_id, change_id, equiv from d_ok where change_id is not null""",
                """
                insert into flake_occurrence
                select * from (
                select f.run_id, f.test_id,
                       case
                         when f.change_id is not null and sl.max_attempt > f.attempt then 'same-code'
                         when f.change_id is not null and ch.test_id is not null then 'false-rejection'
                         when f.change_id is null and cd.test_id is not null then 'same-code'
                         when f.change_id is null and fl.test_id is not null and rv.test_id is not null then 'flip'
                         when f.merged and f.change_id is not null and la.change_id is not null
                              and mg.test_id is not null then 'merged-failure'
                       end as kind,
                       f.change_id is null as post_submit, f.change_id, f.job, f.builder, f.ts
                from d_fail f
                left join d_ok_slot sl on sl.test_id = f.test_id and sl.change_id = f.change_id and sl.equiv = f.equiv
                     and sl.job_k = f.job_k and sl.builder_k = f.builder_k and sl.patchset_k = f.patchset_k
                left join d_ok_change ch on ch.test_id = f.test_id and ch.change_id = f.change_id
                     and ch.equiv = f.equiv and ch.job_k = f.job_k and ch.builder_k = f.builder_k
                left join d_ok_code cd on cd.test_id = f.test_id and cd.equiv = f.equiv and cd.job_k = f.job_k
                     and cd.builder_k = f.builder_k
                left join d_flip fl on fl.run_id = f.run_id and fl.test_id = f.test_id
                left join d_ok_rev rv on rv.test_id = f.test_id and rv.revision = f.revision
                left join d_last la on la.change_id = f.change_id and la.patchset_k = f.patchset_k
                left join d_ok_merged mg on mg.test_id = f.test_id and mg.change_id = f.change_id
                     and mg.equiv = f.equiv) x
                where kind is not null""",
                """
                insert into flake_occurrence
                select rt.run_id, rt.test_id, 'retry', d.change_id is null, d.change_id, d.job, d.builder, d.ts
                from d_rt rt join d_run d on d.run_id = rt.run_id
                where rt.verdict = 'K' and rt.run_id not in (select run_id from d_infra)""",
                "delete from infra_run",
                """
                insert into infra_run select run_id, 'run', null, fails, executed, null from d_infra""",
                """
                insert into infra_run select run_id, 'suite', suite, fails, executed, null from d_suite""");
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void markFresh(Connection c, long[] marks) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("delete from detection_state");
        }
        try (PreparedStatement ps = c.prepareStatement("insert into detection_state values (1, ?, ?, ?)")) {
            ps.setLong(1, marks[0]);
            ps.setLong(2, marks[1]);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
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
