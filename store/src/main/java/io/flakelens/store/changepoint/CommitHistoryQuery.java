package io.flakelens.store.changepoint;

import io.flakelens.core.changepoint.CommitRuns;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads main-line histories. A run counts once per test: unexpected when some attempt failed or
 * errored, unexpected after retry when every attempt that ran did. Presubmit runs (of a change)
 * tested code that never landed, and runs that crashed as a whole say nothing about a test, so
 * neither is read. Skipped-only runs are no verdict.
 */
public final class CommitHistoryQuery {
    private static final String PER_COMMIT = """
            with firsts as (
                select revision, min(coalesce(started_at, ingested_at)) as first_at from run
                where change_id is null and revision is not null group by revision),
            verdicts as (
                select r.test_id, u.job, u.builder, u.revision, r.run_id,
                       max(case when r.outcome in ('F', 'E') then 1 else 0 end) as bad,
                       min(case when r.outcome in ('F', 'E') then 1 when r.outcome = 'P' then 0 end) as all_bad
                from result r join run u on u.id = r.run_id
                where u.change_id is null and u.revision is not null
                  and not exists (select 1 from infra_run i where i.run_id = u.id and i.kind = 'run') %s
                group by r.test_id, u.job, u.builder, u.revision, r.run_id
                having max(case when r.outcome in ('P', 'F', 'E') then 1 else 0 end) = 1)
            select v.test_id, t.suite, t.name, coalesce(v.job, ''), coalesce(v.builder, ''), v.revision,
                   count(*), sum(v.bad), sum(coalesce(v.all_bad, 0)), f.first_at
            from verdicts v join firsts f on f.revision = v.revision join test t on t.id = v.test_id
            group by v.test_id, t.suite, t.name, v.job, v.builder, v.revision, f.first_at
            order by v.test_id, 4, 5, f.first_at, v.revision""";

    private final Database db;

    public CommitHistoryQuery(Database db) {
        this.db = db;
    }

    /** One test's histories, one per job and builder it ran on. */
    public List<CommitHistory> of(long testId) {
        List<CommitHistory> out = new ArrayList<>();
        read(PER_COMMIT.formatted("and r.test_id = ?"), testId, out::add);
        return out;
    }

    /** Every test's histories, test by test, without holding more than one in memory. */
    public void each(Consumer<CommitHistory> sink) {
        read(PER_COMMIT.formatted(""), null, sink);
    }

    private void read(String sql, Long testId, Consumer<CommitHistory> sink) {
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            if (testId != null) {
                ps.setLong(1, testId);
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                Builder b = null;
                while (rs.next()) {
                    long test = rs.getLong(1);
                    String job = rs.getString(4);
                    String builder = rs.getString(5);
                    if (b == null || b.testId != test || !b.job.equals(job) || !b.builder.equals(builder)) {
                        if (b != null) {
                            sink.accept(b.build());
                        }
                        b = new Builder(test, rs.getString(2), rs.getString(3), job, builder);
                    }
                    b.commits.add(new CommitRuns(rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9)));
                    b.firstRun.add(rs.getTimestamp(10).toInstant());
                }
                if (b != null) {
                    sink.accept(b.build());
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read main-line histories: " + e.getMessage(), e);
        }
    }

    private static final class Builder {
        final long testId;
        final String suite;
        final String name;
        final String job;
        final String builder;
        final List<CommitRuns> commits = new ArrayList<>();
        final List<Instant> firstRun = new ArrayList<>();

        Builder(long testId, String suite, String name, String job, String builder) {
            this.testId = testId;
            this.suite = suite;
            this.name = name;
            this.job = Objects.requireNonNull(job);
            this.builder = Objects.requireNonNull(builder);
        }

        CommitHistory build() {
            return new CommitHistory(testId, suite, name, job.isEmpty() ? null : job,
                    builder.isEmpty() ? null : builder, commits, firstRun);
        }
    }
}
