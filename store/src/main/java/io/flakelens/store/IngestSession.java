package io.flakelens.store;

import io.flakelens.core.detect.TestGroups;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.StableHash;
import io.flakelens.core.model.TestCase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes reports into the store. Each file is atomic on its own: its rows go to staging tables
 * tagged with the file's sequence number; a file that turns out bad drops only its own rows; a
 * commit moves every good file's rows into the real tables in one transaction. A crash before the
 * commit leaves the real tables as they were.
 *
 * <p>Not thread-safe; one session per connection.
 */
public final class IngestSession implements AutoCloseable {
    /** Rows staged before a commit is forced, to bound staging size. */
    private static final int COMMIT_ROWS = 1_000_000;

    private final Database db;
    private final Connection c;
    private final BulkWriter tests;
    private final BulkWriter results;
    private final BulkWriter failures;
    private final LongIntMap knownTests = new LongIntMap(1 << 12);
    private final Map<Long, Run> pendingRuns = new LinkedHashMap<>();
    private final List<PendingReport> pendingReports = new ArrayList<>();
    private final Set<String> pendingDigests = new HashSet<>();
    private final Instant now;

    // Attempt counters per run and test since the last commit, so attempts keep counting across files.
    private final Map<Long, LongIntMap> counters = new HashMap<>();

    private int fileSeq;
    private long stagedRows;
    private long committedResults;
    private long committedRunsCount;

    private record PendingReport(long runId, String digest, String path, String format, int testcases) {
    }

    public IngestSession(Database db) {
        this(db, Instant.now());
    }

    public IngestSession(Database db, Instant now) {
        this.db = db;
        this.c = db.connection();
        this.now = now;
        try {
            c.setAutoCommit(true);
            db.dialect().createStaging(c);
            tests = db.dialect().bulk(c, "stage_test", 6);
            results = db.dialect().bulk(c, "stage_result", 6);
            failures = db.dialect().bulk(c, "stage_failure", 8);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from test")) {
                while (rs.next()) {
                    knownTests.put(rs.getLong(1), 1);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot start ingest: " + e.getMessage(), e);
        }
    }

    /** True when this exact report (by content digest) was already stored, or staged, for this run. */
    public boolean alreadyIngested(Run run, String digest) {
        if (pendingDigests.contains(run.key() + "/" + digest)) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("select 1 from report where run_id = ? and digest = ?")) {
            ps.setLong(1, run.key());
            ps.setString(2, digest);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot check report " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Starts one report file of {@code run}. Finish it with {@link ReportWriter#done()} or {@link ReportWriter#reject()}. */
    public ReportWriter begin(Run run, String path, String format, String digest) {
        return new ReportWriter(run, path, format, digest, ++fileSeq);
    }

    /** Writes the cases of one report file. */
    public final class ReportWriter {
        private final Run run;
        private final String path;
        private final String format;
        private final String digest;
        private final int seq;
        private final LongIntMap fileTests = new LongIntMap();
        private final List<Long> newTests = new ArrayList<>();
        private final Map<Long, Run> fileRuns = new LinkedHashMap<>();
        private final List<long[]> attemptUndo = new ArrayList<>();
        private long rows;
        private boolean overridden;

        private ReportWriter(Run run, String path, String format, String digest, int seq) {
            this.run = run;
            this.path = path;
            this.format = format;
            this.digest = digest;
            this.seq = seq;
        }

        /** @param override the run this case belongs to when the format says so, else null */
        public void accept(TestCase tc, Run override) {
            Run r = override != null ? override : run;
            overridden |= override != null;
            long runId = r.key();
            if (!fileRuns.containsKey(runId) && !pendingRuns.containsKey(runId)) {
                fileRuns.put(runId, r);
            }
            long testId = tc.id().key();
            try {
                if (knownTests.get(testId, 0) == 0) {
                    knownTests.put(testId, 1);
                    newTests.add(testId);
                    tests.row(seq, testId, tc.id().suite(), tc.id().name(), TestGroups.groupKey(tc.id()), tc.file());
                }
                LongIntMap counter = attemptsFor(runId);
                int attempt = counter.get(testId, 0);
                attemptUndo.add(new long[] {runId, testId, attempt});
                for (Attempt a : tc.attempts()) {
                    attempt++;
                    results.row(seq, runId, testId, attempt, a.outcome().codeString(),
                            a.durationMs() < 0 ? null : a.durationMs());
                    Failure f = a.failure();
                    if (f != null && a.outcome() != Outcome.PASS) {
                        failures.row(seq, runId, testId, attempt, f.type(), f.message(), f.detail(),
                                StableHash.of(String.valueOf(f.type()) + '\n' + f.headline()));
                        rows++;
                    }
                    rows++;
                }
                counter.put(testId, attempt);
            } catch (SQLException e) {
                throw new StoreException("cannot stage results of " + path + ": " + e.getMessage(), e);
            }
            int state = fileTests.get(testId ^ runId, 0);
            for (Attempt a : tc.attempts()) {
                state = fold(state, a.outcome());
            }
            fileTests.put(testId ^ runId, state);
        }

        /** Keeps this file's rows for the next commit and returns its counts. */
        public FileCounts done() {
            if (!overridden && !pendingRuns.containsKey(run.key())) {
                // A report with no cases still records that its run happened.
                fileRuns.putIfAbsent(run.key(), run);
            }
            pendingRuns.putAll(fileRuns);
            pendingReports.add(new PendingReport(run.key(), digest, path, format, fileTests.size()));
            pendingDigests.add(run.key() + "/" + digest);
            stagedRows += rows;
            if (stagedRows >= COMMIT_ROWS) {
                commit();
            }
            return counts(fileTests);
        }

        /** Drops every row this file staged; the rest of the batch is untouched. */
        public void reject() {
            try {
                tests.flush();
                results.flush();
                failures.flush();
                try (Statement s = c.createStatement()) {
                    for (String t : List.of("stage_test", "stage_result", "stage_failure")) {
                        s.execute("delete from " + t + " where file_seq = " + seq);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot drop the rows of rejected " + path + ": " + e.getMessage(), e);
            }
            // LongIntMap has no removal; 0 marks a test not stored, staged again on next sight.
            for (long id : newTests) {
                knownTests.put(id, 0);
            }
            // Undo in reverse so a test seen twice in the file gets its first count back.
            for (int i = attemptUndo.size() - 1; i >= 0; i--) {
                long[] u = attemptUndo.get(i);
                LongIntMap m = counters.get(u[0]);
                if (m != null) {
                    m.put(u[1], (int) u[2]);
                }
            }
        }
    }

    private LongIntMap attemptsFor(long runId) throws SQLException {
        LongIntMap m = counters.get(runId);
        if (m == null) {
            m = new LongIntMap();
            // A run stored before (an earlier ingest or commit) keeps counting its attempts.
            if (existsRun(runId)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select test_id, max(attempt) from result where run_id = ? group by test_id")) {
                    ps.setLong(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            m.put(rs.getLong(1), rs.getInt(2));
                        }
                    }
                }
            }
            counters.put(runId, m);
        }
        return m;
    }

    private boolean existsRun(long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from run where id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // state bits: 0-1 last outcome ordinal, 2 failed once, 3 passed once, 4 present
    private static int fold(int state, Outcome o) {
        state = (state & ~3) | o.ordinal() | 16;
        if (o.failed()) {
            state |= 4;
        }
        if (o == Outcome.PASS) {
            state |= 8;
        }
        return state;
    }

    private static FileCounts counts(LongIntMap m) {
        int[] n = new int[6];
        m.forEach((k, state) -> {
            n[0]++;
            Outcome last = Outcome.values()[state & 3];
            switch (last) {
                case PASS -> n[1]++;
                case FAIL -> n[2]++;
                case ERROR -> n[3]++;
                case SKIP -> n[4]++;
            }
            if ((state & 4) != 0 && (state & 8) != 0) {
                n[5]++;
            }
        });
        return new FileCounts(n[0], n[1], n[2], n[3], n[4], n[5]);
    }

    /** Moves every staged file into the real tables in one transaction. */
    public void commit() {
        if (pendingReports.isEmpty() && pendingRuns.isEmpty()) {
            return;
        }
        try {
            tests.flush();
            results.flush();
            failures.flush();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                upsertRuns();
                s.execute("insert into test (id, suite, name, group_key, file) select distinct on (id) id, suite, name,"
                        + " group_key, file from stage_test on conflict do nothing");
                committedResults += s.executeUpdate("insert into result select run_id, test_id, attempt, outcome,"
                        + " duration_ms from stage_result");
                s.execute("insert into failure select run_id, test_id, attempt, type, message, detail, text_hash, null"
                        + " from stage_failure");
                try (PreparedStatement ps = c.prepareStatement("insert into report values (?, ?, ?, ?, ?, ?)")) {
                    for (PendingReport r : pendingReports) {
                        ps.setLong(1, r.runId());
                        ps.setString(2, r.digest());
                        ps.setString(3, r.path());
                        ps.setString(4, r.format());
                        ps.setInt(5, r.testcases());
                        ps.setTimestamp(6, Timestamp.from(now));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                for (String t : List.of("stage_test", "stage_result", "stage_failure")) {
                    s.execute("delete from " + t);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            counters.clear();
            committedRunsCount += pendingRuns.size();
            pendingRuns.clear();
            pendingReports.clear();
            pendingDigests.clear();
            stagedRows = 0;
        } catch (SQLException e) {
            throw new StoreException("cannot commit ingest: " + e.getMessage(), e);
        }
    }

    private void upsertRuns() throws SQLException {
        if (pendingRuns.isEmpty()) {
            return;
        }
        // Metadata only fills gaps: re-ingesting a run never rewrites what is known of it.
        String sql = "insert into run values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) on conflict (id) do update set "
                + "job = coalesce(run.job, excluded.job), builder = coalesce(run.builder, excluded.builder), "
                + "revision = coalesce(run.revision, excluded.revision), "
                + "change_id = coalesce(run.change_id, excluded.change_id), "
                + "patchset = coalesce(run.patchset, excluded.patchset), "
                + "equivalence = coalesce(run.equivalence, excluded.equivalence), "
                + "attempt = coalesce(run.attempt, excluded.attempt), payload = coalesce(run.payload, excluded.payload), "
                + "started_at = coalesce(run.started_at, excluded.started_at), "
                + "duration_ms = coalesce(run.duration_ms, excluded.duration_ms), "
                + "status = coalesce(run.status, excluded.status), url = coalesce(run.url, excluded.url), "
                + "merged = coalesce(run.merged, excluded.merged)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Run r : pendingRuns.values()) {
                int i = 1;
                ps.setLong(i++, r.key());
                ps.setString(i++, r.source());
                ps.setString(i++, r.externalId());
                ps.setString(i++, r.job());
                ps.setString(i++, r.builder());
                ps.setString(i++, r.revision());
                ps.setString(i++, r.change());
                ps.setString(i++, r.patchset());
                ps.setString(i++, r.equivalenceKey());
                ps.setObject(i++, r.attempt());
                ps.setString(i++, r.payload());
                ps.setTimestamp(i++, r.startedAt() == null ? null : Timestamp.from(r.startedAt()));
                ps.setObject(i++, r.durationMs());
                ps.setString(i++, r.status());
                ps.setString(i++, r.url());
                ps.setObject(i++, r.merged());
                ps.setString(i++, r.extra().isEmpty() ? null : ExtraJson.write(r.extra()));
                ps.setTimestamp(i, Timestamp.from(now));
                ps.executeUpdate();
            }
        }
    }

    public long committedResults() {
        return committedResults;
    }

    public long committedRuns() {
        return committedRunsCount;
    }

    @Override
    public void close() {
        try {
            tests.close();
            results.close();
            failures.close();
        } catch (SQLException e) {
            // Staging is temporary; nothing to save.
        }
    }
}
