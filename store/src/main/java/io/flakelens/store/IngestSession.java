package io.flakelens.store;

import io.flakelens.core.detect.TestGroups;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.StableHash;
import io.flakelens.core.model.StorableText;
import io.flakelens.core.model.TestCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes reports into the store. Rows are spooled to files (see {@link Spool}) and bulk-loaded in
 * one transaction at {@link #commit}; each report file is atomic on its own: a file that turns out
 * bad drops only its own rows from the spools' tail. A crash before the commit leaves the tables as
 * they were.
 *
 * <p>Where other connections may write the same runs at once (PostgreSQL, several uploads or
 * instances), what the session read before its commit is only a hint: the commit takes the runs'
 * locks ({@link Dialect#lockRuns}), stores its reports only where the store's key (run, digest) has no
 * row yet, failing whole with {@link ConcurrentIngestException} when another writer stored one of
 * them meanwhile, and numbers attempts after those stored by then. Attempts are spooled counting from
 * 1 per run and test of the batch for that.
 *
 * <p>Not thread-safe; one session per connection.
 */
public final class IngestSession implements AutoCloseable {
    /** Rows spooled before a commit is forced, to keep each transaction a reasonable size. */
    private static final long COMMIT_ROWS = Long.getLong("flakelens.ingest.commitRows", 2_000_000L);

    static final String[][] TEST_COLUMNS = {
        {"id", "BIGINT"},
        {"suite", "VARCHAR"},
        {"name", "VARCHAR"},
        {"group_key", "VARCHAR"},
        {"file", "VARCHAR"},
        {"owner", "VARCHAR"}
    };
    static final String[][] RESULT_COLUMNS = {
        {"run_id", "BIGINT"},
        {"test_id", "BIGINT"},
        {"attempt", "INTEGER"},
        {"outcome", "VARCHAR"},
        {"duration_ms", "BIGINT"}
    };
    static final String[][] FAILURE_COLUMNS = {
        {"run_id", "BIGINT"},
        {"test_id", "BIGINT"},
        {"attempt", "INTEGER"},
        {"type", "VARCHAR"},
        {"message", "VARCHAR"},
        {"detail", "VARCHAR"},
        {"text_hash", "BIGINT"},
        {"cluster", "VARCHAR"}
    };
    static final String[][] REPORT_COLUMNS = {
        {"run_id", "BIGINT"},
        {"digest", "VARCHAR"},
        {"path", "VARCHAR"},
        {"format", "VARCHAR"},
        {"testcases", "INTEGER"},
        {"ingested_at", "TIMESTAMP"},
        {"detected", "BOOLEAN"}
    };
    static final String[][] RUN_COLUMNS = {
        {"id", "BIGINT"},
        {"source", "VARCHAR"},
        {"external_id", "VARCHAR"},
        {"job", "VARCHAR"},
        {"builder", "VARCHAR"},
        {"revision", "VARCHAR"},
        {"change_id", "VARCHAR"},
        {"patchset", "VARCHAR"},
        {"equivalence", "VARCHAR"},
        {"attempt", "INTEGER"},
        {"payload", "VARCHAR"},
        {"started_at", "TIMESTAMP"},
        {"duration_ms", "BIGINT"},
        {"status", "VARCHAR"},
        {"url", "VARCHAR"},
        {"merged", "BOOLEAN"},
        {"extra", "VARCHAR"},
        {"ingested_at", "TIMESTAMP"},
        {"rerun", "BOOLEAN"}
    };

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final Database db;
    private final Connection c;
    // others may write the same runs meanwhile: see the class comment
    private final boolean concurrent;
    // made when a spool first needs a file: most uploads fit in memory
    private SpoolFolder folder;
    private final Spool tests;
    private final Spool results;
    private final Spool failures;
    private final Spool reports;
    private final Spool runs;
    private final LongIntMap knownTests = new LongIntMap(1 << 12);
    // Runs in the store, so that "does this run have earlier attempts?" costs no query.
    private final LongIntMap storedRuns = new LongIntMap(1 << 10);
    private boolean preloadedRuns;
    private PreparedStatement runQuery;
    private final Map<Long, Run> pendingRuns = new LinkedHashMap<>();
    private final Set<String> pendingDigests = new HashSet<>();
    // the runs the pending reports name (a file of records naming other runs may not store its own)
    private final Set<Long> pendingReportRuns = new HashSet<>();
    // Attempt counters per run and test since the last commit, so attempts keep counting across files.
    private final Map<Long, LongIntMap> counters = new HashMap<>();
    private final Instant now;
    private final String nowText;

    /** knownTests values: 1 stored; MARK_BASE + n first spooled by file n of this session; 0 unknown. */
    private static final int MARK_BASE = 2;

    private int fileSeq;
    private long digestsRun = Long.MIN_VALUE;
    private Set<String> digests = Set.of();
    private PreparedStatement digestQuery;
    private long committedResults;
    private long committedRunsCount;

    public IngestSession(Database db) {
        this(db, Instant.now());
    }

    public IngestSession(Database db, Instant now) {
        this.db = db;
        this.c = db.connection();
        this.concurrent = db.allowsConcurrentConnections();
        this.now = now;
        this.nowText = timestamp(now);
        try {
            c.setAutoCommit(true);
            Spool.Text text = db.dialect().spoolText();
            tests = new Spool(this::spoolDir, "test", TEST_COLUMNS, text);
            results = new Spool(this::spoolDir, "result", RESULT_COLUMNS, text);
            failures = new Spool(this::spoolDir, "failure", FAILURE_COLUMNS, text);
            reports = new Spool(this::spoolDir, "report", REPORT_COLUMNS, text);
            runs = new Spool(this::spoolDir, "run", RUN_COLUMNS, text);
            try (Statement s = c.createStatement()) {
                // Tests stored before need no row. With other writers the store's key sorts them out at
                // commit instead: reading every test id for each small upload costs more than it saves.
                if (!concurrent) {
                    try (ResultSet rs = s.executeQuery("select id from test")) {
                        while (rs.next()) {
                            knownTests.put(rs.getLong(1), 1);
                        }
                    }
                }
                long runCount = 0;
                if (!concurrent) {
                    try (ResultSet rs = s.executeQuery("select count(*) from run")) {
                        rs.next();
                        runCount = rs.getLong(1);
                    }
                }
                // Small stores: every run id in memory, no query per run. Large ones: ask per run.
                // With other writers the commit asks instead (attemptsFor), so none is needed here.
                preloadedRuns = !concurrent && runCount <= Long.getLong("flakelens.ingest.preloadRuns", 1_000_000L);
                if (preloadedRuns) {
                    try (ResultSet rs = s.executeQuery("select id from run")) {
                        while (rs.next()) {
                            storedRuns.put(rs.getLong(1), 1);
                        }
                    }
                }
            }
            db.dialect().prepareIngest(c);
        } catch (SQLException e) {
            throw new StoreException("cannot start ingest: " + e.getMessage(), e);
        }
    }

    private Path spoolDir() {
        if (folder == null) {
            try {
                folder = SpoolFolder.create();
            } catch (IOException e) {
                throw new StoreException("cannot ingest: no room for spool files: " + e.getMessage(), e);
            }
        }
        return folder.dir();
    }

    static String timestamp(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(TS);
    }

    /** True when this exact report (by content digest) was already stored, or staged, for this run. */
    public boolean alreadyIngested(Run run, String digest) {
        if (pendingDigests.contains(run.key() + "/" + digest)) {
            return true;
        }
        return storedDigests(run.key()).contains(digest);
    }

    /** The digests stored for a run, read once per run: one query a run, not one a file. */
    private Set<String> storedDigests(long runId) {
        if (runId == digestsRun) {
            return digests;
        }
        Set<String> out = new HashSet<>();
        try {
            if (digestQuery == null) {
                digestQuery = c.prepareStatement("select digest from report where run_id = ?");
            }
            digestQuery.setLong(1, runId);
            try (ResultSet rs = digestQuery.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the reports of run " + runId + ": " + e.getMessage(), e);
        }
        digestsRun = runId;
        digests = out;
        return out;
    }

    /**
     * Starts one report file of {@code run}. Finish it with {@link ReportWriter#done()} or
     * {@link ReportWriter#reject()} before beginning the next: rejection drops the spools' tail.
     */
    public ReportWriter begin(Run run, String path, String format, String digest) {
        return new ReportWriter(run, path, format, digest);
    }

    /**
     * Refuses a run with text no store can keep, naming the field.
     *
     * @throws UnstorableTextException before anything of it is spooled
     */
    public static void check(Run run) {
        String[][] fields = {
            {"id", run.externalId()},
            {"source", run.source()},
            {"job", run.job()},
            {"builder", run.builder()},
            {"revision", run.revision()},
            {"change", run.change()},
            {"patchset", run.patchset()},
            {"equivalence", run.equivalence()},
            {"payload", run.payload()},
            {"status", run.status()},
            {"url", run.url()}
        };
        for (String[] f : fields) {
            String problem = StorableText.problem(f[1]);
            if (problem != null) {
                throw new UnstorableTextException(
                        "the run's " + f[0] + " holds " + problem + ", which no store can keep");
            }
        }
    }

    /** As {@link #check(Run)} for a test case: its id, file and failure texts. */
    static void check(TestCase tc) {
        String problem = problem("suite", tc.id().suite());
        if (problem == null) {
            problem = problem("name", tc.id().name());
        }
        if (problem == null) {
            problem = problem("file", tc.file());
        }
        for (int i = 0; problem == null && i < tc.attempts().size(); i++) {
            Failure f = tc.attempts().get(i).failure();
            if (f != null) {
                problem = problem("failure type", f.type());
                if (problem == null) {
                    problem = problem("failure message", f.message());
                }
                if (problem == null) {
                    problem = problem("failure detail", f.detail());
                }
            }
        }
        if (problem != null) {
            throw new UnstorableTextException(
                    "test " + printable(tc.id().id()) + ": its " + problem + ", which no store can keep");
        }
    }

    private static String problem(String field, String value) {
        String p = StorableText.problem(value);
        return p == null ? null : field + " holds " + p;
    }

    /** A test id fit for a message: control characters and halves of pairs shown escaped, long ids cut. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200) + 8).append('"');
        for (int i = 0; i < s.length() && i < 200; i++) {
            char ch = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                sb.append(ch).append(s.charAt(++i));
            } else if (ch < 0x20 || ch == 0x7f || Character.isSurrogate(ch)) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append(s.length() > 200 ? "...\"" : "\"").toString();
    }

    /** Writes the cases of one report file. */
    public final class ReportWriter {
        private final Run run;
        private final long runKey;
        private final String path;
        private String format;
        private String digest;
        private final long[] marks;
        private final long[] markRows;
        private final int seq;
        // the file's own run: test -> (attempts before this file << STATE_BITS) | folded state
        private final LongIntMap fileTests = new LongIntMap();
        // runs the format named itself (Cockpit records): test ^ run -> folded state
        private final LongIntMap otherTests = new LongIntMap();
        private LongIntMap ownCounter;
        // The run had no attempts before this file: fileTests' upper bits then count the attempts so
        // far, so one map serves as both, and done() hands it over as the run's counter. One probe per
        // case fewer, and one map of every test fewer, on the common upload of a new run.
        private boolean freshRun;
        private final Map<Long, Run> fileRuns = new LinkedHashMap<>();
        // Attempt counts before this file, per run and test, first touch only: what reject() restores.
        private final Map<Long, LongIntMap> attemptsBefore = new HashMap<>(2);
        private boolean overridden;

        private ReportWriter(Run run, String path, String format, String digest) {
            check(run);
            this.run = run;
            this.runKey = run.key();
            this.path = path;
            this.format = format;
            this.digest = digest;
            this.seq = ++fileSeq;
            Spool[] spools = {tests, results, failures};
            marks = new long[spools.length];
            markRows = new long[spools.length];
            for (int i = 0; i < spools.length; i++) {
                marks[i] = spools[i].mark();
                markRows[i] = spools[i].rows();
            }
        }

        /** @param override the run this case belongs to when the format says so, else null */
        public void accept(TestCase tc, Run override) {
            accept(tc, override, tc.id().key());
        }

        /**
         * As {@link #accept(TestCase, Run)} with the test's key computed by the caller (the parse
         * thread), keeping the writing thread's per-case work small.
         */
        public void accept(TestCase tc, Run override, long testId) {
            check(tc);
            if (override != null) {
                check(override);
            }
            int known = knownTests.locate(testId);
            if (knownTests.valueAt(known, 0) == 0) {
                // Marked with this file's number so that reject() can forget exactly these.
                knownTests.putAt(known, testId, MARK_BASE + seq);
                tests.row(testId, tc.id().suite(), tc.id().name(), TestGroups.groupKey(tc.id()), tc.file(), null);
            }
            if (override == null) {
                // The common case, kept free of boxing: the file's own run, its counters cached.
                if (ownCounter == null) {
                    if (!pendingRuns.containsKey(runKey)) {
                        fileRuns.put(runKey, run);
                    }
                    ownCounter = attemptsFor(runKey);
                    freshRun = ownCounter.size() == 0;
                }
                int at = fileTests.locate(testId);
                if (freshRun) {
                    int slot = fileTests.valueAt(at, 0);
                    int before = slot >>> STATE_BITS;
                    int state = write(tc, runKey, testId, before, slot & STATE_MASK);
                    fileTests.putAt(at, testId, ((before + tc.attempts().size()) << STATE_BITS) | state);
                    return;
                }
                int slot = fileTests.valueAt(at, 0);
                int counted = ownCounter.locate(testId);
                int before = ownCounter.valueAt(counted, 0);
                int state = write(tc, runKey, testId, before, slot & STATE_MASK);
                ownCounter.putAt(counted, testId, before + tc.attempts().size());
                // first touch in this file: remember the count before it, for reject()
                int pre = slot == 0 ? before : slot >>> STATE_BITS;
                fileTests.putAt(at, testId, (pre << STATE_BITS) | state);
                return;
            }
            overridden = true;
            long runId = override.key();
            if (freshRun && runId == runKey) {
                leaveFreshRun();
            }
            if (!fileRuns.containsKey(runId) && !pendingRuns.containsKey(runId)) {
                fileRuns.put(runId, override);
            }
            LongIntMap counter = attemptsFor(runId);
            int attempt = counter.get(testId, 0);
            LongIntMap before = attemptsBefore.computeIfAbsent(runId, k -> new LongIntMap());
            if (!before.contains(testId)) {
                before.put(testId, attempt);
            }
            int state = write(tc, runId, testId, attempt, otherTests.get(testId ^ runId, 0));
            counter.put(testId, attempt + tc.attempts().size());
            otherTests.put(testId ^ runId, state);
        }

        /**
         * Spools the case's attempts after {@code attempt} earlier ones; returns the folded state. The
         * caller counts the attempts.
         */
        private int write(TestCase tc, long runId, long testId, int attempt, int state) {
            for (Attempt a : tc.attempts()) {
                attempt++;
                Outcome o = a.outcome();
                results.resultRow(runId, testId, attempt, o.code(), a.durationMs());
                Failure f = a.failure();
                if (f != null && o != Outcome.PASS) {
                    failures.row(
                            runId,
                            testId,
                            attempt,
                            f.type(),
                            f.message(),
                            f.detail(),
                            StableHash.of(String.valueOf(f.type()) + '\n' + f.headline()),
                            null);
                }
                state = fold(state, o);
            }
            return state;
        }

        /** From here on the run's counter counts, as for a run with earlier attempts. */
        private void leaveFreshRun() {
            freshRun = false;
            fileTests.forEach((testId, slot) -> {
                ownCounter.put(testId, slot >>> STATE_BITS);
                // nothing came before this file
                fileTests.put(testId, slot & STATE_MASK);
            });
        }

        /** Names the format and digest when they are only known once the file was read. */
        public void identify(String format, String digest) {
            this.format = format;
            this.digest = digest;
        }

        public Run run() {
            return run;
        }

        /** Keeps this file's rows for the next commit and returns its counts. */
        public FileCounts done() {
            if (!overridden && !pendingRuns.containsKey(runKey)) {
                // A report with no cases still records that its run happened.
                fileRuns.putIfAbsent(runKey, run);
            }
            pendingRuns.putAll(fileRuns);
            reports.row(runKey, digest, path, format, fileTests.size() + otherTests.size(), nowText, null);
            pendingDigests.add(runKey + "/" + digest);
            pendingReportRuns.add(runKey);
            FileCounts counts = counts(fileTests, otherTests);
            if (freshRun) {
                fileTests.forEach((testId, slot) -> fileTests.put(testId, slot >>> STATE_BITS));
                counters.put(runKey, fileTests);
            }
            if (results.rows() + failures.rows() >= COMMIT_ROWS) {
                commit();
            }
            return counts;
        }

        /** Drops every row this file spooled; the rest of the batch is untouched. */
        public void reject() {
            Spool[] spools = {tests, results, failures};
            for (int i = 0; i < spools.length; i++) {
                spools[i].truncate(marks[i], markRows[i]);
            }
            // LongIntMap has no removal; 0 marks a test not stored, spooled again on next sight.
            int mark = MARK_BASE + seq;
            knownTests.forEach((id, v) -> {
                if (v == mark) {
                    knownTests.put(id, 0);
                }
            });
            // A fresh run's counter was never written to: it stays empty.
            if (ownCounter != null && !freshRun) {
                fileTests.forEach((testId, slot) -> ownCounter.put(testId, slot >>> STATE_BITS));
            }
            attemptsBefore.forEach((runId, before) -> {
                LongIntMap m = counters.get(runId);
                if (m != null) {
                    before.forEach(m::put);
                }
            });
        }
    }

    private LongIntMap attemptsFor(long runId) {
        LongIntMap m = counters.get(runId);
        if (m == null) {
            m = new LongIntMap();
            // A run stored before (an earlier ingest or commit) keeps counting its attempts; with other
            // writers, from the count stored when this batch commits.
            if (!concurrent && stored(runId)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select test_id, max(attempt) from result where run_id = ? group by test_id")) {
                    ps.setLong(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            m.put(rs.getLong(1), rs.getInt(2));
                        }
                    }
                } catch (SQLException e) {
                    throw new StoreException("cannot read earlier attempts of run " + runId + ": " + e.getMessage(), e);
                }
            }
            counters.put(runId, m);
        }
        return m;
    }

    private boolean stored(long runId) {
        if (preloadedRuns || storedRuns.get(runId, 0) == 1) {
            return storedRuns.get(runId, 0) == 1;
        }
        try {
            if (runQuery == null) {
                runQuery = c.prepareStatement("select 1 from run where id = ?");
            }
            runQuery.setLong(1, runId);
            try (ResultSet rs = runQuery.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot look up run " + runId + ": " + e.getMessage(), e);
        }
    }

    // state bits: 0-1 last outcome ordinal, 2 failed once, 3 passed once, 4 present
    private static final int STATE_BITS = 5;
    private static final int STATE_MASK = (1 << STATE_BITS) - 1;

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

    private static FileCounts counts(LongIntMap own, LongIntMap other) {
        int[] n = new int[6];
        LongIntMap.Visitor count = (k, slot) -> {
            int state = slot & STATE_MASK;
            n[0]++;
            switch (Outcome.values()[state & 3]) {
                case PASS -> n[1]++;
                case FAIL -> n[2]++;
                case ERROR -> n[3]++;
                case SKIP -> n[4]++;
            }
            if ((state & 4) != 0 && (state & 8) != 0) {
                n[5]++;
            }
        };
        own.forEach(count);
        other.forEach(count);
        return new FileCounts(n[0], n[1], n[2], n[3], n[4], n[5]);
    }

    /** Loads every spooled file into the real tables in one transaction. */
    public void commit() {
        if (reports.rows() == 0 && pendingRuns.isEmpty()) {
            return;
        }
        Dialect d = db.dialect();
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                boolean trace = Boolean.getBoolean("flakelens.trace");
                long t = System.nanoTime();
                traceUptime("commit starts");
                if (concurrent) {
                    d.lockRuns(c, lockedRuns());
                    // The store's key decides, not what this session read before: an identical report
                    // stored by another upload meanwhile makes this batch fail whole, to be retried.
                    long stored = d.load(c, "report", reports, true);
                    if (stored < reports.rows()) {
                        throw new ConcurrentIngestException((reports.rows() - stored)
                                + " of the reports were stored for their run by another upload meanwhile");
                    }
                }
                long[] storedRuns = upsertRuns(s);
                t = trace(trace, "runs", t);
                d.load(c, "test", tests, true);
                t = trace(trace, "tests", t);
                if (concurrent) {
                    d.loadAfterStoredAttempts(c, results, failures, storedRuns);
                } else {
                    d.load(c, "result", results, false);
                    d.load(c, "failure", failures, false);
                    d.load(c, "report", reports, false);
                }
                t = trace(trace, "results, failures and reports", t);
                c.commit();
                trace(trace, "commit", t);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if ("40P01".equals(e.getSQLState())) {
                throw new ConcurrentIngestException("cannot commit ingest: " + e.getMessage(), e);
            }
            if ("55P03".equals(e.getSQLState())) {
                throw new StoreException(
                        "cannot commit ingest: another writer held one of its runs for over "
                                + PostgresDialect.LOCK_TIMEOUT_MS / 1000 + " s: " + e.getMessage(),
                        e);
            }
            throw new StoreException("cannot commit ingest: " + e.getMessage(), e);
        }
        committedResults += results.rows();
        committedRunsCount += pendingRuns.size();
        for (long id : pendingRuns.keySet()) {
            storedRuns.put(id, 1);
        }
        for (Spool sp : List.of(tests, results, failures, reports, runs)) {
            sp.clear();
        }
        pendingRuns.clear();
        pendingDigests.clear();
        pendingReportRuns.clear();
        counters.clear();
        digestsRun = Long.MIN_VALUE;
    }

    /**
     * With {@code -Dflakelens.trace=true}: where an ingest is, in milliseconds since the JVM started
     * (its start-up included), on stderr.
     */
    public static void traceUptime(String what) {
        if (Boolean.getBoolean("flakelens.trace")) {
            long since =
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            System.err.printf("ingest at %6d ms  %s%n", since, what);
        }
    }

    private static long trace(boolean on, String what, long since) {
        long now = System.nanoTime();
        if (on) {
            System.err.printf("ingest %6d ms  load %s%n", (now - since) / 1_000_000, what);
        }
        return now;
    }

    /** Every run this batch writes a row for: runs, results, failures or reports. */
    private long[] lockedRuns() {
        Set<Long> ids = new HashSet<>(pendingRuns.keySet());
        ids.addAll(pendingReportRuns);
        ids.addAll(counters.keySet());
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Writes the pending runs set-based: update the ones already stored (metadata only fills gaps:
     * re-ingesting a run never rewrites what is known of it), then insert the new ones.
     *
     * @return with other writers, the pending runs stored before this batch; else none (not asked)
     */
    private long[] upsertRuns(Statement s) throws SQLException {
        if (pendingRuns.isEmpty()) {
            return new long[0];
        }
        if (concurrent) {
            return upsertRunsUnderLock();
        }
        for (Run r : pendingRuns.values()) {
            runs.row(
                    r.key(),
                    r.source(),
                    r.externalId(),
                    r.job(),
                    r.builder(),
                    r.revision(),
                    r.change(),
                    r.patchset(),
                    r.equivalenceKey(),
                    r.attempt(),
                    r.payload(),
                    timestamp(r.startedAt()),
                    r.durationMs(),
                    r.status(),
                    r.url(),
                    r.merged(),
                    r.extra().isEmpty() ? null : ExtraJson.write(r.extra()),
                    nowText,
                    r.rerun() ? Boolean.TRUE : null);
        }
        db.dialect().load(c, "stage_run", runs, false);
        s.executeUpdate("update run set job = coalesce(run.job, s.job), builder = coalesce(run.builder, s.builder), "
                + "revision = coalesce(run.revision, s.revision), change_id = coalesce(run.change_id, s.change_id), "
                + "patchset = coalesce(run.patchset, s.patchset), equivalence = coalesce(run.equivalence, s.equivalence), "
                + "attempt = coalesce(run.attempt, s.attempt), payload = coalesce(run.payload, s.payload), "
                + "started_at = coalesce(run.started_at, s.started_at), "
                + "duration_ms = coalesce(run.duration_ms, s.duration_ms), status = coalesce(run.status, s.status), "
                + "url = coalesce(run.url, s.url), merged = coalesce(run.merged, s.merged), "
                + "extra = coalesce(run.extra, s.extra), rerun = coalesce(run.rerun, s.rerun) "
                + "from stage_run s where run.id = s.id");
        s.executeUpdate(
                "insert into run select * from stage_run s where not exists (select 1 from run r where r.id = s.id)");
        s.execute("delete from stage_run");
        return new long[0];
    }

    /**
     * As {@link #upsertRuns} where other writers may hold runs, in two round trips, not five (a small
     * upload's commit is mostly round trips): the runs stored before, read under their locks, then one
     * batch that inserts the new runs and fills the gaps of the stored ones.
     */
    private long[] upsertRunsUnderLock() throws SQLException {
        List<Long> stored = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id from run where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("int8", pendingRuns.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                }
            }
        }
        StringBuilder fill = new StringBuilder();
        for (String col : new String[] {
            "job",
            "builder",
            "revision",
            "change_id",
            "patchset",
            "equivalence",
            "attempt",
            "payload",
            "started_at",
            "duration_ms",
            "status",
            "url",
            "merged",
            "extra",
            "rerun"
        }) {
            fill.append(fill.length() == 0 ? "" : ", ")
                    .append(col)
                    .append(" = coalesce(run.")
                    .append(col)
                    .append(", excluded.")
                    .append(col)
                    .append(')');
        }
        try (PreparedStatement ps = c.prepareStatement("insert into run (id, source, external_id, job, builder,"
                + " revision, change_id, patchset, equivalence, attempt, payload, started_at, duration_ms, status,"
                + " url, merged, extra, ingested_at, rerun) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " cast(? as timestamp), ?, ?, ?, ?, ?, cast(? as timestamp), ?)"
                + " on conflict (id) do update set " + fill)) {
            for (Run r : pendingRuns.values()) {
                ps.setLong(1, r.key());
                ps.setString(2, r.source());
                ps.setString(3, r.externalId());
                ps.setString(4, r.job());
                ps.setString(5, r.builder());
                ps.setString(6, r.revision());
                ps.setString(7, r.change());
                ps.setString(8, r.patchset());
                ps.setString(9, r.equivalenceKey());
                ps.setObject(10, r.attempt(), java.sql.Types.INTEGER);
                ps.setString(11, r.payload());
                ps.setString(12, timestamp(r.startedAt()));
                ps.setObject(13, r.durationMs(), java.sql.Types.BIGINT);
                ps.setString(14, r.status());
                ps.setString(15, r.url());
                ps.setObject(16, r.merged(), java.sql.Types.BOOLEAN);
                ps.setString(17, r.extra().isEmpty() ? null : ExtraJson.write(r.extra()));
                ps.setString(18, nowText);
                ps.setObject(19, r.rerun() ? Boolean.TRUE : null, java.sql.Types.BOOLEAN);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return stored.stream().mapToLong(Long::longValue).toArray();
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
            if (digestQuery != null) {
                digestQuery.close();
            }
            if (runQuery != null) {
                runQuery.close();
            }
        } catch (SQLException e) {
            // nothing pending: commit already returned or never will
        }
        for (Spool sp : List.of(tests, results, failures, reports, runs)) {
            try {
                sp.close();
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
        try {
            if (folder != null) {
                folder.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
