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
import java.util.function.Consumer;

/**
 * Reads main-line histories. A run counts once per test: unexpected when some attempt failed or
 * errored, unexpected after retry when every attempt that ran did. Presubmit runs (of a change)
 * tested code that never landed, and runs that crashed as a whole say nothing about a test, so
 * neither is read. Skipped-only runs are no verdict.
 */
public final class CommitHistoryQuery {
    /*
     * One row per history, its commits folded into strings (by revision, so the two strings line
     * up): the database does the grouping, and a store of ten million results yields thousands of
     * rows rather than millions of tiny ones over JDBC. Unit separators (chr 31) cannot occur in a
     * revision. Results are grouped per run on integer keys only; the run's strings join the far
     * smaller grouped rows. Commit order is applied in Java from the one map of first runs.
     */
    private static final String HISTORIES = """
            with mainline as (
                select id, coalesce(job, '') as job, coalesce(builder, '') as builder, revision
                from timed_run u
                where change_id is null and revision is not null
                  and not exists (select 1 from infra_run i where i.run_id = u.id and i.kind = 'run')),
            verdicts as (
                select r.test_id, r.run_id,
                       max(case when r.outcome in ('F', 'E') then 1 else 0 end) as bad,
                       min(case when r.outcome in ('F', 'E') then 1 when r.outcome = 'P' then 0 end) as all_bad
                from result r join mainline m on m.id = r.run_id
                where r.outcome in ('P', 'F', 'E') %s
                group by r.test_id, r.run_id),
            commits as (
                select v.test_id, m.job, m.builder, m.revision,
                       count(*) as n, sum(v.bad) as u, sum(v.all_bad) as r
                from verdicts v join mainline m on m.id = v.run_id
                group by v.test_id, m.job, m.builder, m.revision),
            histories as (
                select test_id, job, builder,
                       string_agg(revision, chr(31) order by revision) as revisions,
                       string_agg(cast(n as varchar) || ' ' || cast(u as varchar) || ' ' || cast(r as varchar),
                                  chr(31) order by revision) as counts
                from commits group by test_id, job, builder)
            select h.test_id, t.suite, t.name, h.job, h.builder, h.revisions, h.counts
            from histories h join test t on t.id = h.test_id
            order by h.test_id, h.job, h.builder""";

    private final Database db;

    public CommitHistoryQuery(Database db) {
        this.db = db;
    }

    /** One test's histories, one per job and builder it ran on. */
    public List<CommitHistory> of(long testId) {
        List<CommitHistory> out = new ArrayList<>();
        read(HISTORIES.formatted("and r.test_id = ?"), testId, out::add);
        return out;
    }

    /** The histories of the given tests, in one pass over their results. */
    public List<CommitHistory> of(java.util.Collection<Long> testIds) {
        List<CommitHistory> out = new ArrayList<>();
        if (testIds.isEmpty()) {
            return out;
        }
        StringBuilder in = new StringBuilder();
        for (long id : testIds) {
            in.append(in.length() == 0 ? "" : ", ").append(id); // ids are longs: nothing to escape
        }
        read(HISTORIES.formatted("and r.test_id in (" + in + ")"), null, out::add);
        return out;
    }

    /** Every test's histories, test by test, without holding more than one in memory. */
    public void each(Consumer<CommitHistory> sink) {
        read(HISTORIES.formatted(""), null, sink);
    }

    /** Each main-line revision's earliest run: the order of commits when the repository's is not known. */
    private java.util.Map<String, Instant> firstRuns() throws SQLException {
        java.util.Map<String, Instant> out = new java.util.HashMap<>();
        try (PreparedStatement ps = db.connection().prepareStatement("""
                select revision, min(ran_at) from timed_run
                where change_id is null and revision is not null group by revision""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    private void read(String sql, Long testId, Consumer<CommitHistory> sink) {
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            java.util.Map<String, Instant> firsts = firstRuns();
            if (testId != null) {
                ps.setLong(1, testId);
            }
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] revisions = rs.getString(6).split("\u001f", -1);
                    String[] counts = rs.getString(7).split("\u001f", -1);
                    List<CommitRuns> commits = new ArrayList<>(revisions.length);
                    List<Instant> firstRun = new ArrayList<>(revisions.length);
                    // commit order: each revision's earliest main-line run, ties by revision
                    Integer[] order = new Integer[revisions.length];
                    for (int i = 0; i < order.length; i++) {
                        order[i] = i;
                    }
                    java.util.Arrays.sort(
                            order,
                            java.util.Comparator.comparing((Integer i) -> firsts.get(revisions[i]))
                                    .thenComparing(i -> revisions[i]));
                    for (int i : order) {
                        String[] c = counts[i].split(" ", 3);
                        commits.add(new CommitRuns(
                                revisions[i], Integer.parseInt(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2])));
                        firstRun.add(firsts.get(revisions[i]));
                    }
                    String job = rs.getString(4);
                    String builder = rs.getString(5);
                    sink.accept(new CommitHistory(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            job.isEmpty() ? null : job,
                            builder.isEmpty() ? null : builder,
                            commits,
                            firstRun,
                            List.of()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read main-line histories: " + e.getMessage(), e);
        }
    }
}
