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
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements()) {
                    s.execute(sql);
                }
                long occ = count(s, "select count(*) from flake_occurrence");
                long infra = count(s, "select count(*) from infra_run where kind = 'run'");
                long suites = count(s, "select count(*) from infra_run where kind = 'suite'");
                markFresh(c);
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
            }
        } catch (SQLException e) {
            throw new StoreException("flake detection failed: " + e.getMessage(), e);
        }
    }

    private static final List<String> TEMPS = List.of("d_run", "d_cand", "d_rt", "d_size", "d_infra", "d_sfc",
            "d_suite", "d_fail", "d_ok", "d_flip", "d_last");

    private List<String> statements() {
        return List.of(
                "drop table if exists d_run", "drop table if exists d_cand", "drop table if exists d_rt",
                "drop table if exists d_size", "drop table if exists d_infra", "drop table if exists d_sfc",
                "drop table if exists d_suite", "drop table if exists d_fail", "drop table if exists d_ok",
                "drop table if exists d_flip", "drop table if exists d_last",
                """
                create temporary table d_run as
                select id as run_id, job, builder, revision, change_id, patchset,
                       coalesce(equivalence, revision, cast(id as varchar)) as equiv,
                       coalesce(attempt, 1) as attempt, merged,
                       coalesce(started_at, ingested_at) as ts
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
                       d.attempt, d.merged, d.ts
                from d_rt rt join d_run d on d.run_id = rt.run_id join test t on t.id = rt.test_id
                where rt.verdict = 'F'
                  and rt.run_id not in (select run_id from d_infra)
                  and not exists (select 1 from d_suite s where s.run_id = rt.run_id and s.suite = t.suite)""",
                """
                create temporary table d_ok as
                select rt.run_id, rt.test_id, d.job, d.builder, d.revision, d.change_id, d.patchset, d.equiv,
                       d.attempt, d.ts
                from d_rt rt join d_run d on d.run_id = rt.run_id
                where rt.verdict in ('P', 'K')""",
                // the patchset a change ended on: the one its latest run tested
                """
                create temporary table d_last as
                select change_id, patchset from (
                    select change_id, patchset, row_number() over (partition by change_id order by ts desc, run_id) as n
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
                """
                insert into flake_occurrence
                select * from (
                select f.run_id, f.test_id,
                       case
                         when f.change_id is not null and exists (select 1 from d_ok o where o.test_id = f.test_id
                              and o.change_id = f.change_id and o.equiv = f.equiv and o.job is not distinct from f.job
                              and o.builder is not distinct from f.builder and o.attempt > f.attempt
                              and o.patchset is not distinct from f.patchset) then 'same-code'
                         when f.change_id is not null and exists (select 1 from d_ok o where o.test_id = f.test_id
                              and o.change_id = f.change_id and o.equiv = f.equiv and o.job is not distinct from f.job
                              and o.builder is not distinct from f.builder) then 'false-rejection'
                         when f.change_id is null and exists (select 1 from d_ok o where o.test_id = f.test_id
                              and o.equiv = f.equiv and o.job is not distinct from f.job
                              and o.builder is not distinct from f.builder) then 'same-code'
                         when f.change_id is null and exists (select 1 from d_flip x where x.run_id = f.run_id
                              and x.test_id = f.test_id) and exists (select 1 from d_ok o where o.test_id = f.test_id
                              and o.revision = f.revision) then 'flip'
                         when f.merged and f.change_id is not null
                              and exists (select 1 from d_last l where l.change_id = f.change_id
                                   and l.patchset is not distinct from f.patchset)
                              and exists (select 1 from d_ok o where o.test_id = f.test_id
                                   and o.change_id = f.change_id and o.equiv = f.equiv) then 'merged-failure'
                       end as kind,
                       f.change_id is null as post_submit, f.change_id, f.job, f.builder, f.ts
                from d_fail f) x
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

    private static void markFresh(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("delete from detection_state");
        }
        try (PreparedStatement ps = c.prepareStatement("insert into detection_state values (1, ?, ?, ?)")) {
            long[] marks = marks(c);
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
