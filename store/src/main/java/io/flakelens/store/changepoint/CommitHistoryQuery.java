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
 * errored, unexpected after retry when every attempt that ran did. A rerun's attempts are the
 * iterations a rerun plan asked for, each a run of its own. Presubmit runs (of a change)
 * tested code that never landed, and runs that crashed as a whole say nothing about a test, so
 * neither is read. Skipped-only runs are no verdict.
 */
public final class CommitHistoryQuery {
    /*
     * One row per history, its commits folded into one string ("rev n u r" joined by commas): the
     * database does the grouping, and a store of ten million results yields thousands of rows
     * rather than millions of tiny ones over JDBC. Every grouping is on integers (job and builder,
     * and revisions, numbered by dense_rank), which is several times faster than on their strings;
     * the numbered revisions come back in the same statement (part 1), so both are read from one
     * snapshot. Commit order is applied in Java from the one map of first runs. The results join
     * the main line rather than being filtered by "run_id in (select id from mainline)": PostgreSQL
     * guessed 200 distinct ids there and probed the tests' index once per main-line run (9 s for fifty
     * tests at 12 million results, against 1.7 s for one scan of their results joined by hash).
     * Reading a few tests, their results are read first and the main line is only the runs that ran
     * them (the placeholders); the numbering is the statement's own. Numbering every main-line run
     * took 1.3 s at 16 million results for one new test (a one-job flake list), now 0.1 s; the fifty
     * listed flakes, which ran in most runs, take 2.4 to 3.0 s, against 3.2 to 3.6 s.
     */
    private static final String HISTORIES = """
            with %s mainline as (
                select id, job, builder, revision, case when rerun then 1 else 0 end as rerun,
                       dense_rank() over (order by coalesce(job, ''), coalesce(builder, '')) as jb,
                       dense_rank() over (order by revision) as rev
                from timed_run u
                where change_id is null and revision is not null %s
                  and not exists (select 1 from infra_run i where i.run_id = u.id and i.kind = 'run')),
            verdicts as (
                select r.test_id, r.run_id,
                       max(case when r.outcome in ('F', 'E') then 1 else 0 end) as bad,
                       min(case when r.outcome in ('F', 'E') then 1 when r.outcome = 'P' then 0 end) as all_bad
                from %s r join mainline m on m.id = r.run_id
                where r.outcome in ('P', 'F', 'E')
                group by r.test_id, r.run_id, case when m.rerun = 0 then 0 else r.attempt end),
            commits as (
                select v.test_id, m.jb, m.rev, count(*) as n, sum(v.bad) as u, sum(v.all_bad) as r
                from verdicts v join mainline m on m.id = v.run_id
                group by v.test_id, m.jb, m.rev),
            histories as (
                select test_id, jb,
                       string_agg(cast(rev as varchar) || ' ' || cast(n as varchar) || ' ' || cast(u as varchar)
                                  || ' ' || cast(r as varchar), ',') as counts
                from commits group by test_id, jb),
            revisions as (select rev, min(revision) as revision from mainline group by rev),
            pairs as (select jb, min(coalesce(job, '')) as job, min(coalesce(builder, '')) as builder
                      from mainline group by jb)
            select 0 as part, h.test_id, t.suite, t.name, p.job, p.builder, h.counts
            from histories h join test t on t.id = h.test_id join pairs p on p.jb = h.jb
            union all
            select 1, rev, revision, cast(null as varchar), cast(null as varchar), cast(null as varchar),
                   cast(null as varchar)
            from revisions
            order by 1 desc, 2, 5, 6""";

    private final Database db;
    /** Runs between the read of first runs and the read of histories; a test lands a run there. */
    private final Runnable betweenReads;

    public CommitHistoryQuery(Database db) {
        this(db, () -> {});
    }

    CommitHistoryQuery(Database db, Runnable betweenReads) {
        this.db = db;
        this.betweenReads = betweenReads;
    }

    /** One test's histories, one per job and builder it ran on. */
    public List<CommitHistory> of(long testId) {
        return of(List.of(testId));
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
        String tests = "(" + in + ")";
        // materialized, and read once: as a semi-join PostgreSQL probed the results of every run
        String read = "test_results as materialized (select test_id, run_id, outcome, attempt from result"
                + " where test_id in " + tests + ")";
        read(
                HISTORIES.formatted(read + ",", "and u.id in (select run_id from test_results)", "test_results"),
                out::add);
        return out;
    }

    /** Every test's histories, test by test, without holding more than one in memory. */
    public void each(Consumer<CommitHistory> sink) {
        read(HISTORIES.formatted("", "", "result"), sink);
    }

    /**
     * Each main-line revision's earliest run: the order of commits when the repository's is not
     * known. A rerun ran long after its commit landed, so it places a revision only when nothing
     * else ran it.
     */
    private java.util.Map<String, Instant> firstRuns() throws SQLException {
        java.util.Map<String, Instant> out = new java.util.HashMap<>();
        try (PreparedStatement ps = db.connection().prepareStatement("""
                select revision, coalesce(min(case when rerun is null or not rerun then ran_at end), min(ran_at))
                from timed_run
                where change_id is null and revision is not null group by revision""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    private void read(String sql, Consumer<CommitHistory> sink) {
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            java.util.Map<String, Instant> firsts = firstRuns();
            betweenReads.run();
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                java.util.Map<Long, String> revisionOf = new java.util.HashMap<>();
                while (rs.next()) {
                    if (rs.getInt(1) == 1) {
                        revisionOf.put(rs.getLong(2), rs.getString(3));
                        continue;
                    }
                    String[] commitsText = rs.getString(7).split(",");
                    int size = commitsText.length;
                    String[] revisions = new String[size];
                    int[][] counts = new int[size][];
                    for (int i = 0; i < size; i++) {
                        String[] c = commitsText[i].split(" ", 4);
                        revisions[i] = revisionOf.get(Long.parseLong(c[0]));
                        counts[i] = new int[] {Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3])};
                    }
                    if (!firsts.keySet().containsAll(java.util.Arrays.asList(revisions))) {
                        // A run of a new revision landed between the two reads (uploads do not wait for
                        // reads): it is stored now, so read the first runs again.
                        firsts = firstRuns();
                        for (String r : revisions) {
                            if (!firsts.containsKey(r)) {
                                throw new StoreException("the runs of revision " + r
                                        + " were removed while main-line histories were read; read them again");
                            }
                        }
                    }
                    java.util.Map<String, Instant> first = firsts;
                    // commit order: each revision's earliest main-line run, ties by revision
                    Integer[] order = new Integer[size];
                    for (int i = 0; i < size; i++) {
                        order[i] = i;
                    }
                    java.util.Arrays.sort(
                            order,
                            java.util.Comparator.comparing((Integer i) -> first.get(revisions[i]))
                                    .thenComparing(i -> revisions[i]));
                    List<CommitRuns> commits = new ArrayList<>(size);
                    List<Instant> firstRun = new ArrayList<>(size);
                    for (int i : order) {
                        commits.add(new CommitRuns(revisions[i], counts[i][0], counts[i][1], counts[i][2]));
                        firstRun.add(first.get(revisions[i]));
                    }
                    String job = rs.getString(5);
                    String builder = rs.getString(6);
                    sink.accept(new CommitHistory(
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
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
