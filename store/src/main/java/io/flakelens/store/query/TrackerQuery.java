package io.flakelens.store.query;

import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts of the flake-tracker report over {@code since <= time <= until}: every job with runs,
 * how many of its latest runs failed (a run failed when some test failed on every attempt), and
 * per job and flaky test the occurrences and the runs that executed the test. Detect first.
 */
public final class TrackerQuery {
    public record JobFacts(
            String job,
            long runs,
            long latestRuns,
            long latestFailed,
            List<TestFacts> tests,
            List<FailedTest> failing) {}

    /**
     * One flaky test on one job; {@code group} keys its bug, {@code file} feeds CODEOWNERS,
     * {@code lastSeen} is its latest occurrence in the window (a fixed ticket's flake came back after it).
     */
    public record TestFacts(
            String suite, String name, String group, String file, long occurrences, long runs, Instant lastSeen) {}

    /** A test that failed (on every attempt) in {@code failedRuns} of its job's latest runs. */
    public record FailedTest(
            String suite, String name, String group, String file, long failedRuns, Instant lastFailed) {}

    private final Database db;

    public TrackerQuery(Database db) {
        this.db = db;
    }

    /** Jobs by name; runs without a job are reported under "(none)". */
    public List<JobFacts> jobs(Instant since, Instant until, int latest) {
        Map<String, long[]> jobs = new LinkedHashMap<>();
        String runs = """
                with win as (
                    select id, coalesce(job, '(none)') as job, ran_at as ts from timed_run
                    where ran_at >= ? and ran_at <= ?),
                ranked as (select id, job, row_number() over (partition by job order by ts desc, id) as n from win),
                latest as (select id, job from ranked where n <= ?),
                failed as (
                    select distinct run_id from (
                        select r.run_id from result r join latest l on l.id = r.run_id
                        group by r.run_id, r.test_id
                        having max(case when r.outcome in ('F','E') then 1 else 0 end) = 1
                           and max(case when r.outcome = 'P' then 1 else 0 end) = 0) x)
                select w.job, count(*),
                       (select count(*) from latest l where l.job = w.job),
                       (select count(*) from latest l join failed f on f.run_id = l.id where l.job = w.job)
                from win w group by w.job order by w.job""";
        try (PreparedStatement ps = db.connection().prepareStatement(runs)) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setTimestamp(2, Timestamp.from(until));
            ps.setInt(3, latest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read job runs for the tracker report: " + e.getMessage(), e);
        }
        Map<String, List<TestFacts>> tests = new LinkedHashMap<>();
        String flaky = """
                with occ as (
                    select coalesce(o.job, '(none)') as job, o.test_id, count(*) as n, max(o.occurred_at) as last
                    from flake_occurrence o
                    where o.occurred_at >= ? and o.occurred_at <= ? group by coalesce(o.job, '(none)'), o.test_id),
                ran as (
                    select coalesce(u.job, '(none)') as job, r.test_id, count(distinct r.run_id) as runs
                    from result r join timed_run u on u.id = r.run_id
                    where u.ran_at >= ? and u.ran_at <= ?
                      and r.test_id in (select test_id from occ)
                    group by coalesce(u.job, '(none)'), r.test_id)
                select occ.job, t.suite, t.name, t.group_key, t.file, occ.n, coalesce(ran.runs, 0), occ.last
                from occ join test t on t.id = occ.test_id
                left join ran on ran.job = occ.job and ran.test_id = occ.test_id
                order by occ.job, occ.n desc, t.suite, t.name""";
        try (PreparedStatement ps = db.connection().prepareStatement(flaky)) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setTimestamp(2, Timestamp.from(until));
            ps.setTimestamp(3, Timestamp.from(since));
            ps.setTimestamp(4, Timestamp.from(until));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tests.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new TestFacts(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getLong(6),
                                    rs.getLong(7),
                                    rs.getTimestamp(8).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read flaky tests per job: " + e.getMessage(), e);
        }
        Map<String, List<FailedTest>> failing = failing(since, until, latest);
        List<JobFacts> out = new ArrayList<>();
        jobs.forEach((job, n) -> out.add(new JobFacts(
                job,
                n[0],
                n[1],
                n[2],
                tests.getOrDefault(job, List.of()),
                n[1] > 0 && n[2] == n[1] ? failing.getOrDefault(job, List.of()) : List.of())));
        return out;
    }

    /** Per job, the tests that failed on every attempt in its latest runs, most failed runs first. */
    private Map<String, List<FailedTest>> failing(Instant since, Instant until, int latest) {
        String sql = """
                with win as (
                    select id, coalesce(job, '(none)') as job, ran_at as ts from timed_run
                    where ran_at >= ? and ran_at <= ?),
                ranked as (select id, job, ts, row_number() over (partition by job order by ts desc, id) as n from win),
                latest as (select id, job, ts from ranked where n <= ?),
                failed as (
                    select l.job, r.run_id, r.test_id, max(l.ts) as ts from result r join latest l on l.id = r.run_id
                    group by l.job, r.run_id, r.test_id
                    having max(case when r.outcome in ('F','E') then 1 else 0 end) = 1
                       and max(case when r.outcome = 'P' then 1 else 0 end) = 0)
                select f.job, t.suite, t.name, t.group_key, t.file, count(distinct f.run_id), max(f.ts)
                from failed f join test t on t.id = f.test_id
                group by f.job, t.suite, t.name, t.group_key, t.file
                order by f.job, count(distinct f.run_id) desc, t.suite, t.name""";
        Map<String, List<FailedTest>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setTimestamp(2, Timestamp.from(until));
            ps.setInt(3, latest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new FailedTest(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getLong(6),
                                    rs.getTimestamp(7).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the failed tests of failing jobs: " + e.getMessage(), e);
        }
        return out;
    }
}
