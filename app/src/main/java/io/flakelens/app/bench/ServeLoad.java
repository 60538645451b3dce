package io.flakelens.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.core.model.TestId;
import io.flakelens.store.ApiTokens;
import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code flakelens bench --only serve}: a real server in process, loaded with a stored history, takes
 * many concurrent report uploads while other clients read {@code /api/v1/flakes}; then checks that
 * the store holds exactly what was sent (nothing lost, nothing doubled) and that re-sending changes
 * nothing. One line a figure, with its goal beside it.
 */
public final class ServeLoad {
    /** Test cases in each uploaded report; each is one stored result (no reruns in these reports). */
    static final int CASES = 50;
    /** Reports re-sent at the end to check that an identical upload is skipped. */
    static final int RESEND = 50;
    /** The read the benchmark times: the whole ranked list, over all of the stored history. */
    static final String FLAKES = "/api/v1/flakes?since=all&limit=50";

    /** Each reader waits this long between its reads. */
    static final int READ_PAUSE_MS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final Path work;

    public ServeLoad(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    /** What the run found; the checks are what a test asserts, the rest is printed. */
    public record Outcome(int uploads, int uploadsOk, long resultsBefore, long resultsAfter, long resultsSent,
                          long runsBefore, long runsAfter, long duplicateRuns, int resentUnchanged, long reads,
                          Map<String, Long> errors) {
        public boolean nothingLost() {
            return uploadsOk == uploads && resultsAfter - resultsBefore >= resultsSent && runsAfter - runsBefore >= uploads;
        }

        public boolean nothingDoubled() {
            return resultsAfter - resultsBefore <= resultsSent && runsAfter - runsBefore <= uploads && duplicateRuns == 0
                    && resentUnchanged == Math.min(RESEND, uploads);
        }
    }

    /**
     * @param dbSpec a DuckDB file or PostgreSQL URL; {@code null} for a new DuckDB file under the work
     *               folder. An empty store is loaded with about {@code results} results; a store that
     *               already holds results is used as it is (so a big load can serve several runs).
     */
    public Outcome run(String dbSpec, int uploads, int concurrency, long results) throws Exception {
        String spec = dbSpec != null ? dbSpec : work.resolve("serve.db").toString();
        if (dbSpec == null) {
            Files.deleteIfExists(work.resolve("serve.db"));
        }
        String nonce = Long.toString(System.currentTimeMillis(), 36);
        long resultsBefore;
        long runsBefore;
        String token;
        String dialect;
        try (Database db = Database.open(spec)) {
            dialect = db.dialectName();
            long stored = count(db, "select count(*) from result");
            if (stored == 0) {
                long t0 = System.nanoTime();
                stored = Benchmarks.loadHistory(db, results);
                line("serve     loaded %,d results into %s in %.1f s (the fast way: one ingest session, no XML)",
                        stored, dialect, (System.nanoTime() - t0) / 1e9);
            } else {
                line("serve     using the %,d results already stored in %s (--db is not empty)", stored, dialect);
            }
            if (FlakeDetection.stale(db)) {
                long t0 = System.nanoTime();
                new FlakeDetection(DetectionConfig.defaults()).run(db);
                line("serve     detection over %,d results: %.2f s (before the server starts)", stored,
                        (System.nanoTime() - t0) / 1e9);
            }
            resultsBefore = stored;
            runsBefore = count(db, "select count(*) from run");
            token = new ApiTokens(db).create("bench-serve-" + nonce);
        }

        List<byte[]> bodies = new ArrayList<>(uploads);
        String boundary = "flakelens-bench-" + nonce;
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < uploads; i++) {
            bodies.add(upload(boundary, "load-" + nonce + "-" + i, i, rnd));
        }
        long resultsSent = (long) uploads * CASES;

        ServerConfig config = ServerConfig.defaults("127.0.0.1", 0, spec);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, Long> errors = new TreeMap<>();
        int uploadsOk;
        int resent = 0;
        long readsUnderLoad;
        try (FlakelensServer server = FlakelensServer.start(config)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            // Alone: the first read computes the list; the figure is over the last 100 of 200 (the JIT warms up).
            List<Long> idle = new ArrayList<>();
            long firstRead = 0;
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                int status = get(client, base, errors);
                if (i == 0) {
                    firstRead = System.nanoTime() - t0;
                }
                if (i >= 100 && status == 200) {
                    idle.add(System.nanoTime() - t0);
                }
            }

            ConcurrentLinkedQueue<Long> upLat = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> readLat = new ConcurrentLinkedQueue<>();
            AtomicLong ok = new AtomicLong();
            AtomicBoolean uploading = new AtomicBoolean(true);
            Map<String, Long> errs = new ConcurrentHashMap<>();
            int readers = Math.max(1, concurrency / 4);
            ExecutorService readPool = Executors.newFixedThreadPool(readers);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            List<Future<?>> readerDone = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                readerDone.add(readPool.submit(() -> {
                    // Bounded in count and time, whatever the server does.
                    for (int n = 0; n < 1_000_000 && uploading.get() && System.nanoTime() < deadline; n++) {
                        long t0 = System.nanoTime();
                        int status = get(client, base, errs);
                        if (status == 200) {
                            readLat.add(System.nanoTime() - t0);
                        }
                        // A pause as a person or a dashboard leaves, so readers do not take the CPU from uploads.
                        Thread.sleep(READ_PAUSE_MS);
                    }
                    return null;
                }));
            }
            ExecutorService upPool = Executors.newFixedThreadPool(concurrency);
            long u0 = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                byte[] body = bodies.get(i);
                sent.add(upPool.submit(() -> {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = post(client, base, token, boundary, body);
                    if (r == null || r.statusCode() != 200) {
                        errs.merge("upload " + (r == null ? "no reply" : r.statusCode()), 1L, Long::sum);
                    } else {
                        upLat.add(System.nanoTime() - t0);
                        ok.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            double upSecs = (System.nanoTime() - u0) / 1e9;
            uploading.set(false);
            upPool.shutdown();
            for (Future<?> f : readerDone) {
                f.get(5, TimeUnit.MINUTES);
            }
            readPool.shutdown();
            errors.putAll(errs);
            uploadsOk = (int) ok.get();
            readsUnderLoad = readLat.size();

            for (int i = 0; i < Math.min(RESEND, uploads); i++) {
                HttpResponse<String> r = post(client, base, token, boundary, bodies.get(i));
                if (r != null && r.statusCode() == 200 && skipped(r.body())) {
                    resent++;
                } else {
                    errors.merge("re-send " + (r == null ? "no reply" : r.statusCode() + " or not skipped"), 1L,
                            Long::sum);
                }
            }

            long[] up = sorted(upLat);
            long[] rd = sorted(readLat);
            long[] id = sorted(idle);
            line("serve     uploads: %.0f reports/s, %.0f results/s (%d reports of %d cases from %d clients on %s, %.1f s;"
                            + " goal: none set, zero lost)", uploads / upSecs, resultsSent / upSecs, uploads, CASES,
                    concurrency, dialect, upSecs);
            line("serve     upload latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms", ms(up, 0.50), ms(up, 0.99),
                    ms(up, 1.0));
            line("serve     GET /api/v1/flakes under load (%d readers, %d ms apart, %d reads): p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                    + " (goal p99 < 50 ms at 10M results on PostgreSQL)", readers, READ_PAUSE_MS, rd.length, ms(rd, 0.50),
                    ms(rd, 0.99), ms(rd, 1.0));
            line("serve     GET /api/v1/flakes alone (%d reads): p50 %.1f ms, p99 %.1f ms, max %.1f ms; the first read,"
                    + " which computes the list (--read-cache %ds), took %.1f ms", id.length, ms(id, 0.50),
                    ms(id, 0.99), ms(id, 1.0), config.readCache().toSeconds(), firstRead / 1e6);
            line("serve     errors by status: %s (goal: none)", errors.isEmpty() ? "none" : errors);
        }

        long resultsAfter;
        long runsAfter;
        long duplicates;
        try (Database db = Database.open(spec)) {
            resultsAfter = count(db, "select count(*) from result");
            runsAfter = count(db, "select count(*) from run");
            duplicates = count(db, "select count(*) - count(distinct id) from run");
        }
        Outcome o = new Outcome(uploads, uploadsOk, resultsBefore, resultsAfter, resultsSent, runsBefore, runsAfter,
                duplicates, resent, readsUnderLoad, errors);
        line("serve     check: %d of %d uploads answered 200 (goal: all)", uploadsOk, uploads);
        line("serve     check: stored results %,d -> %,d: +%,d for %,d sent (%s; goal: equal)", resultsBefore,
                resultsAfter, resultsAfter - resultsBefore, resultsSent,
                resultsAfter - resultsBefore == resultsSent ? "nothing lost, nothing doubled" : "MISMATCH");
        line("serve     check: runs +%d for %d uploads, %d stored twice (goal: equal, none twice)",
                runsAfter - runsBefore, uploads, duplicates);
        line("serve     check: %d of %d re-sent reports answered 200 and skipped, results unchanged (goal: all)",
                resent, Math.min(RESEND, uploads));
        line("serve     %s", o.nothingLost() && o.nothingDoubled() ? "PASS: nothing lost, nothing doubled"
                : "FAIL: the store does not hold exactly what was sent");
        return o;
    }

    /** A multipart body for one run: metadata fields and one Surefire-like report of {@link #CASES} cases. */
    private static byte[] upload(String boundary, String runId, int i, SplittableRandom rnd) {
        StringBuilder xml = new StringBuilder(8192);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"load\" tests=\"").append(CASES)
                .append("\">\n");
        int first = rnd.nextInt(Benchmarks.HISTORY_TESTS);
        for (int c = 0; c < CASES; c++) {
            TestId t = Benchmarks.historyTest((first + c * 37) % Benchmarks.HISTORY_TESTS);
            xml.append("  <testcase classname=\"").append(t.suite()).append("\" name=\"").append(t.name())
                    .append("\" time=\"0.0").append(rnd.nextInt(10)).append('"');
            if (rnd.nextInt(100) < 6) {
                xml.append("><failure message=\"expected: &lt;200&gt; but was: &lt;503&gt;\" type=\"AssertionError\">"
                        + "at ").append(t.suite()).append('.').append(t.name()).append("(Test.java:42)</failure></testcase>\n");
            } else {
                xml.append("/>\n");
            }
        }
        xml.append("</testsuite>\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream(xml.length() + 1024);
        field(b, boundary, "run", runId);
        field(b, boundary, "job", i % 2 == 0 ? "unit" : "integration");
        field(b, boundary, "builder", i % 3 == 0 ? "linux-x64" : "macos");
        field(b, boundary, "revision", "load-rev" + i / 4);
        field(b, boundary, "started", Instant.now().minusSeconds(i).toString());
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"reports\"; filename=\"TEST-load-"
                + i + ".xml\"\r\nContent-Type: application/xml\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(xml.toString().getBytes(StandardCharsets.UTF_8));
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static void field(ByteArrayOutputStream b, String boundary, String name, String value) {
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static int get(HttpClient client, URI base, Map<String, Long> errors) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(FLAKES))
                    .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                errors.merge("flakes " + r.statusCode(), 1L, Long::sum);
            }
            return r.statusCode();
        } catch (Exception e) {
            errors.merge("flakes no reply", 1L, Long::sum);
            return -1;
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI base, String token, String boundary, byte[] body) {
        try {
            return client.send(HttpRequest.newBuilder(base.resolve("/api/v1/runs")).timeout(Duration.ofSeconds(300))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean skipped(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.path("results").asLong(-1) != 0 || n.path("files").isEmpty()) {
                return false;
            }
            for (JsonNode f : n.path("files")) {
                if (!f.path("status").asText().equals("skipped")) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static long count(Database db, String sql) {
        try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static long[] sorted(java.util.Collection<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** The nearest-rank percentile in milliseconds; 0 when nothing was measured. */
    static double ms(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }

    private void line(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }
}
