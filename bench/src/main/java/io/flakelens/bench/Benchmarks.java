package io.flakelens.bench;

import io.flakelens.app.ingest.Ingestion;
import io.flakelens.app.ingest.RunFlags;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.ingest.JUnitXmlParser;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.IngestSession;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.detect.FlakeQueries;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The measurements; each prints one line a figure, with its goal beside it. */
public final class Benchmarks {
    private final PrintWriter out;
    private final Path work;

    public Benchmarks(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    /** Parses an in-memory Surefire report of about {@code mb} MB on one thread, best of three. */
    public double parse(int mb) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(mb << 20);
        SplittableRandom rnd = new SplittableRandom(1);
        try (Writer w = new OutputStreamWriter(buf, StandardCharsets.UTF_8)) {
            w.write("<testsuites>\n");
            int s = 0;
            while (buf.size() < (long) mb << 20) {
                SyntheticReport.writeCase(
                        w, "com.acme.module" + (s % 50) + ".Service" + s + "Test", "testCase" + s, rnd);
                s++;
                if (s % 1000 == 0) {
                    w.flush();
                }
            }
            w.write("</testsuites>\n");
        }
        byte[] xml = buf.toByteArray();
        double best = 0;
        long cases = 0;
        for (int i = 0; i < 4; i++) {
            long[] n = {0};
            long t0 = System.nanoTime();
            new JUnitXmlParser().parse(new ByteArrayInputStream(xml), (tc, run) -> n[0]++);
            double secs = (System.nanoTime() - t0) / 1e9;
            cases = n[0];
            if (i > 0) { // the first pass warms the JIT
                best = Math.max(best, xml.length / 1e6 / secs);
            }
        }
        out.printf(
                "parse     JUnit XML, one thread: %.0f MB/s per core (%d MB, %d cases; goal >= 100)%n",
                best, xml.length >> 20, cases);
        out.flush();
        return best;
    }

    /**
     * Writes {@code runs} runs of the same test suite ({@code files} reports of {@code cases} cases each,
     * as a real project's CI produces them day after day) with a manifest, and ingests them end to end
     * into a new DuckDB.
     */
    public double ingest(int runs, int files, int cases) throws Exception {
        Path dir = Files.createDirectories(work.resolve("ingest-reports"));
        SplittableRandom rnd = new SplittableRandom(2);
        long bytes = 0;
        StringBuilder manifest = new StringBuilder();
        for (int r = 0; r < runs; r++) {
            List<String> reports = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                String suite = "com.acme.m" + (f % 20) + ".Service" + f + "Test";
                Path p = dir.resolve("run" + r).resolve("TEST-" + suite + ".xml");
                Files.createDirectories(p.getParent());
                try (Writer w = new BufferedWriter(
                        new OutputStreamWriter(Files.newOutputStream(p), StandardCharsets.UTF_8), 1 << 16)) {
                    SyntheticReport.write(w, suite, cases, rnd);
                }
                bytes += Files.size(p);
                reports.add("\"" + dir.relativize(p) + "\"");
            }
            manifest.append("{\"run\":\"bench-")
                    .append(r)
                    .append("\",\"job\":\"unit\",\"builder\":\"linux\",")
                    .append("\"revision\":\"rev")
                    .append(r)
                    .append("\",\"started_at\":\"2026-11-0")
                    .append(1 + r % 9)
                    .append("T10:00:00Z\",\"reports\":[")
                    .append(String.join(",", reports))
                    .append("]}\n");
        }
        Path manifestFile = dir.resolve("runs.jsonl");
        Files.writeString(manifestFile, manifest);
        Path dbFile = work.resolve("ingest.db");
        Files.deleteIfExists(dbFile);
        long t0 = System.nanoTime();
        Ingestion.Summary s;
        try (Database db = Database.open(dbFile.toString());
                Ingestion ingestion = new Ingestion(db, Ingestion.QUIET, Map.of())) {
            s = ingestion.ingestManifest(manifestFile);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double rate = s.results() / secs;
        out.printf(
                "ingest    end to end (manifest, digest, sniff, parse, store, commit): %.0f results/s, %.1f MB/s "
                        + "(%d runs, %d files, %d results, %.1f s; goal >= 300,000 results/s)%n",
                rate, bytes / 1e6 / secs, runs, runs * files, s.results(), secs);
        out.flush();
        return rate;
    }

    /**
     * Stores a CI history of about {@code results} results (post-submit and presubmit runs, 3% flaky
     * tests, a few regressions) and times detection plus ranking.
     */
    public double flakes(long results) throws Exception {
        Path dbFile = work.resolve("flakes.db");
        Files.deleteIfExists(dbFile);
        int runs = (int) Math.max(1, results / HISTORY_TESTS);
        long t0 = System.nanoTime();
        try (Database db = Database.open(dbFile.toString())) {
            long stored = loadHistory(db, results);
            double load = (System.nanoTime() - t0) / 1e9;
            long d0 = System.nanoTime();
            FlakeDetection.Outcome o = new FlakeDetection(DetectionConfig.defaults()).run(db);
            long q0 = System.nanoTime();
            List<FlakyTest> ranked =
                    new FlakeQueries(db, FlakeScore.findit()).flakes(new FlakeFilter(Instant.EPOCH, null, null, 50));
            long q1 = System.nanoTime();
            double total = (q1 - d0) / 1e9;
            out.printf(
                    "flakes    detect + rank over %,d stored results (%d runs): %.2f s "
                            + "(detection %.2f s, ranking %.2f s; %d occurrences, top score %d; goal < 5 s; load took %.1f s)%n",
                    stored,
                    runs,
                    total,
                    (q0 - d0) / 1e9,
                    (q1 - q0) / 1e9,
                    o.occurrences(),
                    ranked.isEmpty() ? 0 : ranked.get(0).score(),
                    load);
            out.flush();
            return total;
        }
    }

    /** Tests in the synthetic history of {@link #loadHistory}; their ids are {@link #historyTest}. */
    static final int HISTORY_TESTS = 2_000;

    static TestId historyTest(int t) {
        return new TestId("com.acme.m" + (t % 40) + ".Suite" + (t / 40) + "Test", "test" + t);
    }

    /** Each history test's chance to fail: every 33rd test flakes, at 1% to 25%. */
    static double[] historyFlakeRates() {
        return historyFlakeRates(new SplittableRandom(3));
    }

    private static double[] historyFlakeRates(SplittableRandom rnd) {
        double[] flakeRate = new double[HISTORY_TESTS];
        for (int t = 0; t < HISTORY_TESTS; t++) {
            flakeRate[t] = t % 33 == 0 ? 0.01 + rnd.nextDouble() * 0.24 : 0;
        }
        return flakeRate;
    }

    /**
     * Stores, the fast way (one {@link IngestSession}, no XML), a CI history of about {@code results}
     * results over {@link #HISTORY_TESTS} tests: post-submit and presubmit runs, 3% flaky tests.
     * Returns the results stored.
     */
    public static long loadHistory(Database db, long results) {
        int tests = HISTORY_TESTS;
        int runs = (int) Math.max(1, results / tests);
        SplittableRandom rnd = new SplittableRandom(3);
        double[] flakeRate = historyFlakeRates(rnd);
        TestId[] ids = new TestId[tests];
        for (int t = 0; t < tests; t++) {
            ids[t] = historyTest(t);
        }
        String[] builders = {"linux-x64", "linux-arm64", "macos", "windows"};
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        try (IngestSession s = new IngestSession(db)) {
            for (int r = 0; r < runs; r++) {
                boolean pre = r % 3 == 0;
                String builder = builders[r % builders.length];
                int rev = r / 8;
                Run run = new Run(
                        "bench",
                        "run-" + r,
                        r % 2 == 0 ? "unit" : "integration",
                        builder,
                        "rev" + rev,
                        pre ? "c" + (r / 12) : null,
                        pre ? String.valueOf(r / 6 % 2 + 1) : null,
                        null,
                        1,
                        null,
                        start.plusSeconds(r * 120L),
                        null,
                        null,
                        null,
                        pre ? Boolean.TRUE : null,
                        null);
                IngestSession.ReportWriter w = s.begin(run, "run-" + r, "junit", "d" + r);
                for (int t = 0; t < tests; t++) {
                    boolean fails = flakeRate[t] > 0 && rnd.nextDouble() < flakeRate[t];
                    List<Attempt> a = new ArrayList<>(2);
                    if (fails) {
                        a.add(new Attempt(Outcome.FAIL, 12, new Failure("AssertionError", "flaked", null)));
                        if (rnd.nextBoolean()) {
                            a.add(new Attempt(Outcome.PASS, 11, null));
                        }
                    } else {
                        a.add(new Attempt(Outcome.PASS, 10, null));
                    }
                    w.accept(new TestCase(ids[t], null, a), null);
                }
                w.done();
            }
            s.commit();
            return s.committedResults();
        }
    }

    /** Streams a report of about {@code mb} MB to disk and ingests it; run under -Xmx256m to check the bound. */
    public void bigReport(long mb) throws Exception {
        Path file = work.resolve("big-report.xml");
        SplittableRandom rnd = new SplittableRandom(4);
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<testsuites>\n");
            long written = 0;
            int i = 0;
            while (written < mb << 20) {
                StringBuilderWriter sb = new StringBuilderWriter();
                // Chatty cases (1.5 kB of output each) as in real large reports: about 650,000 cases per GB.
                SyntheticReport.writeCase(sb, "com.acme.big.Suite" + (i % 5000) + "Test", "test" + i, rnd, 1_500);
                w.write(sb.toString());
                written += sb.length();
                i++;
            }
            w.write("</testsuites>\n");
        }
        Path dbFile = work.resolve("big.db");
        Files.deleteIfExists(dbFile);
        long t0 = System.nanoTime();
        Ingestion.Summary s;
        try (Database db = Database.open(dbFile.toString());
                Ingestion ingestion = new Ingestion(db, Ingestion.QUIET, Map.of())) {
            s = ingestion.ingest(
                    new RunFlags(
                            "big-1", "bench", "unit", "linux", "abc", null, null, null, null, null, null, null, null,
                            null),
                    List.of(file));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        out.printf(
                "big       %.2f GB report ingested in %.1f s with max heap %d MB: %d results, status %s, "
                        + "heap pools peaked at %d MB together (an upper bound: pools peak at different times)%n",
                Files.size(file) / 1e9,
                secs,
                Runtime.getRuntime().maxMemory() >> 20,
                s.results(),
                s.files().get(0).status(),
                peak >> 20);
        out.flush();
        Files.deleteIfExists(file);
    }

    /** A Writer into a StringBuilder without StringWriter's synchronisation. */
    private static final class StringBuilderWriter extends Writer {
        private final StringBuilder sb = new StringBuilder(512);

        @Override
        public void write(char[] cbuf, int off, int len) {
            sb.append(cbuf, off, len);
        }

        @Override
        public void write(String str) {
            sb.append(str);
        }

        int length() {
            return sb.length();
        }

        @Override
        public String toString() {
            return sb.toString();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** Scans a {@code files}-file git repository for muted tests (see {@link QuarantineBench}). */
    public double quarantine(int files) throws Exception {
        return new QuarantineBench(out, work).run(files);
    }
}
