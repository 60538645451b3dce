package io.flakelens.store.query;

import io.flakelens.store.Database;
import io.flakelens.store.JobAndBuilder;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Lists jobs with their run counts; flaky runs come from {@code flake_occurrence}, so detect first. */
public final class JobQuery {
    private final Database db;

    public JobQuery(Database db) {
        this.db = db;
    }

    /** Jobs with a run since {@code since}, most recently run first; {@code builder} filters when set. */
    public List<JobSummary> jobs(Instant since, String builder, int limit) {
        String sql = """
                with win as (
                    select id, job, builder, ran_at as ts from timed_run
                    where ran_at >= ?""" + new JobAndBuilder(null, builder).sql("") + """
                ),
                failed as (
                    select distinct run_id from (
                        select r.run_id, r.test_id from result r join win w on w.id = r.run_id
                        group by r.run_id, r.test_id
                        having max(case when r.outcome in ('F','E') then 1 else 0 end) = 1
                           and max(case when r.outcome = 'P' then 1 else 0 end) = 0) x),
                flaky as (select distinct o.run_id from flake_occurrence o join win w on w.id = o.run_id)
                select w.job, count(*) as runs, count(distinct w.builder) as builders,
                       count(f.run_id) as failed_runs, count(k.run_id) as flaky_runs, max(w.ts) as last_run
                from win w left join failed f on f.run_id = w.id left join flaky k on k.run_id = w.id
                group by w.job
                order by last_run desc, w.job""" + (limit > 0 ? " limit " + limit : "");
        List<JobSummary> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(since));
            new JobAndBuilder(null, builder).bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobSummary(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list jobs: " + e.getMessage(), e);
        }
        return out;
    }
}
