package io.flakelens.store.payload;

import io.flakelens.core.aggregate.PayloadTest;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Counts, per test, the payload's runs and the job's history before it. A run's time is its start,
 * or its ingest time when the report did not say (as everywhere in the store).
 */
public final class PayloadQuery {
    private final Database db;

    public PayloadQuery(Database db) {
        this.db = db;
    }

    /** The payload's runs on the job, or empty when there are none. */
    public Optional<PayloadRuns> runs(String payload, String job) {
        String sql = "select count(*), min(ran_at), max(ran_at)" + " from timed_run where payload = ? and job = ?";
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setString(1, payload);
            ps.setString(2, job);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int n = rs.getInt(1);
                if (n == 0) {
                    return Optional.empty();
                }
                return Optional.of(new PayloadRuns(
                        payload,
                        job,
                        n,
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the runs of payload " + payload + ": " + e.getMessage(), e);
        }
    }

    /** Payloads with runs on the job (all jobs when null), most recent first: for "did you mean". */
    public List<String> payloads(String job, int limit) {
        String sql = "select payload, job, max(ran_at) as last from timed_run"
                + " where payload is not null" + (job != null ? " and job = ?" : "")
                + " group by payload, job order by last desc, payload limit " + Math.max(1, limit);
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            if (job != null) {
                ps.setString(1, job);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " (job " + rs.getString(2) + ")");
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list payloads: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Every test of the payload's runs on the job, with its history over the job's other runs in
     * {@code [historyFrom, historyTo)}; ordered by suite and name.
     *
     * <p>A run's verdict on a test needs all its attempts, but grouping millions of rows by run and
     * test costs three times the rest of the query. Attempts are numbered from 1 per run and test
     * (the ingest session's invariant), so a pair with no attempt above 1 has exactly one row that
     * is its verdict; only the few retried pairs are grouped.
     */
    public List<PayloadTest> tests(String payload, String job, Instant historyFrom, Instant historyTo) {
        String sql = """
                with runs as (
                    select id, case when payload = ? then 1 else 0 end as cur
                    from timed_run
                    where job = ?
                      and (payload = ?
                           or (ran_at >= ? and ran_at < ?
                               and (payload is null or payload <> ?)))
                ),
                retried as (
                    select distinct r.run_id, r.test_id
                    from result r join runs u on u.id = r.run_id
                    where r.attempt > 1
                ),
                per_run as (
                    select r.test_id, u.cur,
                           case when r.outcome = 'P' then 1 else 0 end as passed,
                           case when r.outcome in ('F', 'E') then 1 else 0 end as failed
                    from result r join runs u on u.id = r.run_id
                    where r.attempt = 1
                      and not exists (select 1 from retried x where x.run_id = r.run_id and x.test_id = r.test_id)
                    union all
                    select r.test_id, u.cur,
                           max(case when r.outcome = 'P' then 1 else 0 end),
                           max(case when r.outcome in ('F', 'E') then 1 else 0 end)
                    from result r join runs u on u.id = r.run_id
                         join retried x on x.run_id = r.run_id and x.test_id = r.test_id
                    group by r.test_id, r.run_id, u.cur
                ),
                per_test as (
                    select test_id,
                           sum(case when cur = 1 and passed + failed > 0 then 1 else 0 end) as attempts,
                           sum(case when cur = 1 and passed = 1 then 1 else 0 end) as passes,
                           sum(case when cur = 1 and passed + failed = 0 then 1 else 0 end) as skips,
                           sum(case when cur = 0 and passed + failed > 0 then 1 else 0 end) as history_runs,
                           sum(case when cur = 0 and passed = 1 then 1 else 0 end) as history_passes,
                           max(cur) as in_payload
                    from per_run
                    group by test_id
                )
                select t.suite, t.name, p.attempts, p.passes, p.skips, p.history_runs, p.history_passes
                from per_test p join test t on t.id = p.test_id
                where p.in_payload = 1
                order by t.suite, t.name""";
        List<PayloadTest> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setString(1, payload);
            ps.setString(2, job);
            ps.setString(3, payload);
            ps.setTimestamp(4, Timestamp.from(historyFrom));
            ps.setTimestamp(5, Timestamp.from(historyTo));
            ps.setString(6, payload);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PayloadTest(
                            new TestId(rs.getString(1), rs.getString(2)),
                            rs.getInt(3),
                            rs.getInt(4),
                            rs.getInt(5),
                            rs.getInt(6),
                            rs.getInt(7)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the results of payload " + payload + ": " + e.getMessage(), e);
        }
        return out;
    }
}
