package io.flakelens.store.query;

import io.flakelens.store.Database;
import io.flakelens.store.JobAndBuilder;
import io.flakelens.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Lists runs and the infrastructure failures detection set apart. */
public final class RunQuery {
    private final Database db;

    public RunQuery(Database db) {
        this.db = db;
    }

    public List<RunSummary> runs(Instant since, String job, String builder, int limit) {
        String sql =
                """
                select u.external_id, u.source, u.job, u.builder, u.revision, u.change_id, u.patchset, u.attempt,
                       u.ran_at as ts, u.status, u.url,
                       (select count(*) from result r where r.run_id = u.id and r.attempt = 1) as tests,
                       (select count(*) from (select r.test_id from result r where r.run_id = u.id
                            group by r.test_id
                            having max(case when r.outcome in ('F','E') then 1 else 0 end) = 1
                               and max(case when r.outcome = 'P' then 1 else 0 end) = 0) x) as failed,
                       (select count(*) from (select r.test_id from result r where r.run_id = u.id
                            group by r.test_id
                            having max(case when r.outcome in ('F','E') then 1 else 0 end) = 1
                               and max(case when r.outcome = 'P' then 1 else 0 end) = 1) y) as flaky
                from timed_run u
                where u.ran_at >= ?""" + filters(job, builder) + " order by ts desc, u.external_id" + (limit > 0 ? " limit " + limit : "");
        List<RunSummary> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            bind(ps, since, job, builder);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunSummary(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            (Integer) rs.getObject(8),
                            rs.getTimestamp(9).toInstant(),
                            rs.getString(10),
                            rs.getLong(12),
                            rs.getLong(13),
                            rs.getLong(14),
                            rs.getString(11)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list runs: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Infrastructure failures: each run where most tests failed at once, and each broken environment:
     * a stretch of consecutive runs of one job and builder in which the same suite failed whole.
     */
    public List<InfraFailure> infra(Instant since, String job, String builder) {
        Connection c = db.connection();
        List<InfraFailure> out = new ArrayList<>();
        String runSql = """
                select u.job, u.builder, u.ran_at as ts, i.failed, i.total,
                       (select f.message from failure f where f.run_id = u.id and f.message is not null
                        group by f.message order by count(*) desc, f.message limit 1),
                       u.external_id
                from infra_run i join timed_run u on u.id = i.run_id
                where i.kind = 'run' and u.ran_at >= ?""" + filters(job, builder) + " order by ts desc";
        String suiteSql = """
                select u.job, u.builder, i.suite, u.ran_at as ts, i.failed, i.total,
                       (select f.message from failure f join test t on t.id = f.test_id
                        where f.run_id = u.id and t.suite = i.suite and f.message is not null
                        group by f.message order by count(*) desc, f.message limit 1),
                       u.external_id, i.stretch
                from infra_run i join timed_run u on u.id = i.run_id
                where i.kind = 'suite' and u.ran_at >= ?""" + filters(job, builder) + " order by u.job, u.builder, i.suite, i.stretch, ts";
        try {
            try (PreparedStatement ps = c.prepareStatement(runSql)) {
                bind(ps, since, job, builder);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant at = rs.getTimestamp(3).toInstant();
                        out.add(new InfraFailure(
                                "run",
                                rs.getString(1),
                                rs.getString(2),
                                null,
                                1,
                                at,
                                at,
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getString(6),
                                rs.getString(7)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(suiteSql)) {
                bind(ps, since, job, builder);
                try (ResultSet rs = ps.executeQuery()) {
                    InfraFailure cur = null;
                    long curStretch = 0;
                    while (rs.next()) {
                        Instant at = rs.getTimestamp(4).toInstant();
                        String j = rs.getString(1);
                        String b = rs.getString(2);
                        String s = rs.getString(3);
                        long stretch = rs.getLong(9);
                        if (cur != null
                                && eq(cur.job(), j)
                                && eq(cur.builder(), b)
                                && eq(cur.suite(), s)
                                && stretch == curStretch) {
                            cur = new InfraFailure(
                                    "broken-environment",
                                    j,
                                    b,
                                    s,
                                    cur.runs() + 1,
                                    cur.first(),
                                    at,
                                    cur.failed() + rs.getLong(5),
                                    cur.total() + rs.getLong(6),
                                    cur.message() != null ? cur.message() : rs.getString(7),
                                    cur.exampleRun());
                        } else {
                            if (cur != null) {
                                out.add(cur);
                            }
                            cur = new InfraFailure(
                                    "suite",
                                    j,
                                    b,
                                    s,
                                    1,
                                    at,
                                    at,
                                    rs.getLong(5),
                                    rs.getLong(6),
                                    rs.getString(7),
                                    rs.getString(8));
                            curStretch = stretch;
                        }
                    }
                    if (cur != null) {
                        out.add(cur);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list infrastructure failures: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String filters(String job, String builder) {
        return new JobAndBuilder(job, builder).sql("u");
    }

    private static void bind(PreparedStatement ps, Instant since, String job, String builder) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(since));
        new JobAndBuilder(job, builder).bind(ps, 2);
    }
}
