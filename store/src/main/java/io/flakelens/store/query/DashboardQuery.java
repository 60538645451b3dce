package io.flakelens.store.query;

import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.JobAndBuilder;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The few questions only the dashboard asks: filter choices, group members, runs per job and day. */
public final class DashboardQuery {
    private final Database db;

    public DashboardQuery(Database db) {
        this.db = db;
    }

    /**
     * One job on one day (UTC). {@code failed}: runs with a test that failed on every attempt;
     * {@code flaky}: runs carrying flake evidence (detect first); {@code passed}: runs with neither.
     */
    public record JobDay(String job, LocalDate day, long runs, long passed, long failed, long flaky) {}

    /** Distinct values of {@code run.job} or {@code run.builder}, sorted, for filter menus. */
    public List<String> jobs() {
        return distinct("job");
    }

    public List<String> builders() {
        return distinct("builder");
    }

    private List<String> distinct(String column) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection()
                        .prepareStatement("select distinct " + column + " from timed_run where " + column
                                + " is not null order by 1");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list " + column + "s: " + e.getMessage(), e);
        }
        return out;
    }

    /** The other tests sharing {@code groupKey} (parameterised variants), sorted by id. */
    public List<String> groupMembers(String groupKey, TestId except) {
        List<String> out = new ArrayList<>();
        if (groupKey == null) {
            return out;
        }
        try (PreparedStatement ps = db.connection()
                .prepareStatement(
                        "select suite, name from test where group_key = ? and id <> ? order by suite, name")) {
            ps.setString(1, groupKey);
            ps.setLong(2, except.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TestId(rs.getString(1), rs.getString(2)).id());
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list the group " + groupKey + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Runs per job and UTC day since {@code since}, by job then day; {@code job}/{@code builder} filter when set. */
    public List<JobDay> jobDays(Instant since, String job, String builder) {
        String sql = """
                with win as (
                    select id, job, cast(cast(ran_at as date) as varchar) as day from timed_run
                    where ran_at >= ?""" + new JobAndBuilder(job, builder).sql("") + """
                ),
                failed as (
                    select distinct run_id from (
                        select r.run_id, r.test_id from result r join win w on w.id = r.run_id
                        group by r.run_id, r.test_id
                        having max(case when r.outcome in ('F','E') then 1 else 0 end) = 1
                           and max(case when r.outcome = 'P' then 1 else 0 end) = 0) x),
                flaky as (select distinct o.run_id from flake_occurrence o join win w on w.id = o.run_id)
                select w.job, w.day, count(*),
                       sum(case when f.run_id is null and k.run_id is null then 1 else 0 end),
                       count(f.run_id), count(k.run_id)
                from win w left join failed f on f.run_id = w.id left join flaky k on k.run_id = w.id
                group by w.job, w.day
                order by w.job, w.day""";
        List<JobDay> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(since));
            new JobAndBuilder(job, builder).bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobDay(
                            rs.getString(1),
                            LocalDate.parse(rs.getString(2)),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count runs per day: " + e.getMessage(), e);
        }
        return out;
    }
}
