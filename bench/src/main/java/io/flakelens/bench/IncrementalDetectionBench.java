package io.flakelens.bench;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.IngestSession;
import io.flakelens.store.detect.DerivationCopy;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code bench --only detect-incremental}: a stored history of about {@code --results} results gets
 * 1,000 new runs of 50 results each (one of their tests fails for the first time, so the pass also
 * fetches a new candidate's whole history), then one detection pass as a command runs it; on
 * PostgreSQL, 1,000 more and a pass as a server runs it, deriving in the copy its pass before kept; then
 * a pass after one more run, the steady state of a server that detects after each upload. The derived
 * tables are then checked against a rebuild from every result.
 */
public final class IncrementalDetectionBench {
    /** New runs before the timed pass, and the results in each. */
    static final int NEW_RUNS = 1_000;

    static final int RESULTS_PER_RUN = 50;

    private final PrintWriter out;
    private final Path work;

    public IncrementalDetectionBench(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    /** Returns false when the incremental passes and the rebuild disagree. */
    public boolean run(String dbSpec, long results) throws Exception {
        String spec = dbSpec != null ? dbSpec : work.resolve("incremental.db").toString();
        if (dbSpec == null) {
            Files.deleteIfExists(work.resolve("incremental.db"));
        }
        FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
        try (Database db = Database.open(spec)) {
            String dialect = db.dialectName();
            long stored = ServeLoad.count(db, "select count(*) from result");
            if (stored == 0) {
                long t0 = System.nanoTime();
                stored = Benchmarks.loadHistory(db, results);
                line("incr      loaded %,d results into %s in %.1f s", stored, dialect, secs(t0));
            } else {
                line("incr      using the %,d results already stored in %s (--db is not empty)", stored, dialect);
            }
            long t0 = System.nanoTime();
            FlakeDetection.Outcome full = detection.rebuild(db);
            line(
                    "incr      full pass over %,d results on %s: %.2f s (%,d occurrences)",
                    stored, dialect, secs(t0), full.occurrences());

            String nonce = Long.toString(System.currentTimeMillis(), 36);
            long i0 = System.nanoTime();
            long added = ingest(db, nonce, 0, NEW_RUNS);
            line("incr      stored %,d new runs (%,d results) in %.1f s", NEW_RUNS, added, secs(i0));
            String goal = dialect.equals("duckdb") ? "1" : "5";
            long p0 = System.nanoTime();
            FlakeDetection.Outcome inc = detection.run(db);
            line(
                    "incr      pass after %,d new runs into %,d stored on %s, as `flakelens detect` runs it: %.2f s,"
                            + " read %,d runs (goal < %s s)",
                    NEW_RUNS, stored, dialect, secs(p0), inc.runsRead(), goal);
            try (DerivationCopy kept = new DerivationCopy()) {
                if (dialect.equals("postgresql")) {
                    // a server's passes derive in a copy of the kept tables that the pass before brought
                    // up to date; this one only makes it (untimed, as a server's first pass is)
                    detection.run(db, kept);
                    ingest(db, nonce, NEW_RUNS, NEW_RUNS);
                    long k0 = System.nanoTime();
                    FlakeDetection.Outcome served = detection.run(db, kept);
                    line(
                            "incr      pass after %,d more new runs, as a server runs it (its copy of the kept tables"
                                    + " kept from the pass before): %.2f s, read %,d runs (goal < %s s)",
                            NEW_RUNS, secs(k0), served.runsRead(), goal);
                }
                ingest(db, nonce, 2 * NEW_RUNS, 1);
                long s0 = System.nanoTime();
                FlakeDetection.Outcome one = detection.run(db, kept);
                line("incr      pass after one more run: %.2f s, read %,d runs", secs(s0), one.runsRead());
            }

            List<Long> incremental = derived(db);
            long r0 = System.nanoTime();
            detection.rebuild(db);
            double rebuild = secs(r0);
            List<Long> rebuilt = derived(db);
            boolean same = incremental.equals(rebuilt);
            line(
                    "incr      a rebuild from every result took %.2f s and derives %s (occurrences, crashes,"
                            + " broken suites, set-up flakes, consistent failures, a checksum of the occurrences: %s)",
                    rebuild, same ? "the same" : "SOMETHING ELSE", rebuilt);
            return same;
        }
    }

    /**
     * Stores {@code runs} runs of {@value #RESULTS_PER_RUN} tests of the history, after it in time. Test
     * 1 never failed in the history and flakes here.
     */
    private static long ingest(Database db, String nonce, int from, int runs) {
        SplittableRandom rnd = new SplittableRandom(11 + from);
        double[] rate = Benchmarks.historyFlakeRates();
        Instant start = Instant.parse("2027-06-01T00:00:00Z");
        String[] builders = {"linux-x64", "linux-arm64", "macos", "windows"};
        try (IngestSession s = new IngestSession(db)) {
            for (int r = from; r < from + runs; r++) {
                Run run = new Run(
                        "bench",
                        "new-" + nonce + "-" + r,
                        r % 2 == 0 ? "unit" : "integration",
                        builders[r % builders.length],
                        // revisions of this round's own: a round run again on the same store adds new
                        // code, as CI does, instead of re-testing the last round's
                        "new-" + nonce + "-rev" + r / 8,
                        null,
                        null,
                        null,
                        1,
                        null,
                        start.plusSeconds(r * 60L),
                        null,
                        null,
                        null,
                        null,
                        null);
                IngestSession.ReportWriter w = s.begin(run, "new-" + r, "junit", "new-" + nonce + "-" + r);
                for (int k = 0; k < RESULTS_PER_RUN; k++) {
                    int t = k == 0 ? 1 : k * 33;
                    double p = t == 1 ? 0.2 : rate[t];
                    TestId id = Benchmarks.historyTest(t);
                    List<Attempt> a = new ArrayList<>(2);
                    if (rnd.nextDouble() < p) {
                        a.add(new Attempt(Outcome.FAIL, 12, new Failure("AssertionError", "flaked", null)));
                    } else {
                        a.add(new Attempt(Outcome.PASS, 10, null));
                    }
                    w.accept(new TestCase(id, null, a), null);
                }
                w.done();
            }
            s.commit();
            return s.committedResults();
        }
    }

    private static List<Long> derived(Database db) {
        return List.of(
                ServeLoad.count(db, "select count(*) from flake_occurrence"),
                ServeLoad.count(db, "select count(*) from infra_run where kind = 'run'"),
                ServeLoad.count(db, "select count(*) from infra_run where kind = 'suite'"),
                ServeLoad.count(db, "select count(*) from setup_flake"),
                ServeLoad.count(db, "select count(*) from consistent_failure"),
                // which failures, not only how many
                ServeLoad.count(
                        db,
                        "select coalesce(sum((run_id % 1000003) * 7 + test_id % 1000003 + length(kind)), 0)"
                                + " from flake_occurrence"));
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void line(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }
}
