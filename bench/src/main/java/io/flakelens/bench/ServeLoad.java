package io.flakelens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.core.cluster.StackTraceClustering;
import io.flakelens.core.model.TestId;
import io.flakelens.store.ApiTokens;
import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code flakelens bench --only serve}: a real server in process, loaded with a stored history, takes
 * many concurrent report uploads while other clients read {@code /api/v1/flakes}; then checks that
 * the store holds exactly what was sent (nothing lost, nothing doubled) and that re-sending changes
 * nothing. A flake model of 20,000 failures is served too, and CI bots ask {@code /api/v1/predict}
 * during the uploads. One line a figure, with its goal beside it.
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

    /** The served flake model's size: as the predict benchmark of {@code bench --only cluster}. */
    static final int MODEL_FAILURES = 20_000;
    /** Distinct failures the predicting clients send, round robin. */
    static final int QUERIES = 1_000;

    private final PrintWriter out;
    private final Path work;
    private final List<FailureText> predictSeeds;

    /**
     * @param predictSeeds real failures the served model's synthetic traces are made from (the shared
     *                     defects4j set when it is there), or empty for made-up ones
     */
    public ServeLoad(PrintWriter out, Path work, List<FailureText> predictSeeds) {
        this.out = out;
        this.work = work;
        this.predictSeeds =
                predictSeeds.isEmpty() ? SyntheticTraces.varied(200, new SplittableRandom(3)) : predictSeeds;
    }

    public ServeLoad(PrintWriter out, Path work) {
        this(out, work, List.of());
    }

    /** Half of them flaky, by id: the model's answers matter here only for their cost. */
    private static List<FailureText> halfFlaky(List<FailureText> traces) {
        List<FailureText> out = new ArrayList<>(traces.size());
        for (FailureText t : traces) {
            out.add(new FailureText(t.id(), t.text(), null, null, (t.id().hashCode() & 1) == 0));
        }
        return out;
    }

    /** What the run found; the checks are what a test asserts, the rest is printed. */
    public record Outcome(
            int uploads,
            int uploadsOk,
            long resultsBefore,
            long resultsAfter,
            long resultsSent,
            long runsBefore,
            long runsAfter,
            long duplicateRuns,
            int resentUnchanged,
            int resends,
            long reads,
            long predictions,
            Map<String, Long> errors) {
        public boolean nothingLost() {
            return uploadsOk == uploads
                    && resultsAfter - resultsBefore >= resultsSent
                    && runsAfter - runsBefore >= uploads;
        }

        public boolean nothingDoubled() {
            return resultsAfter - resultsBefore <= resultsSent
                    && runsAfter - runsBefore <= uploads
                    && duplicateRuns == 0
                    && resentUnchanged == resends;
        }
    }

    /**
     * @param dbSpec a DuckDB file or PostgreSQL URL; {@code null} for a new DuckDB file under the work
     *               folder. An empty store is loaded with about {@code results} results; a store that
     *               already holds results is used as it is (so a big load can serve several runs).
     */
    public Outcome run(String dbSpec, int uploads, int concurrency, long results) throws Exception {
        return run(dbSpec, uploads, concurrency, results, ServerConfig.POOL_SIZE, 0);
    }

    /**
     * @param poolSize the server's PostgreSQL connections ({@code serve --pool-size})
     * @param warmup   reports uploaded first, under the same load but not timed, so that the server's
     *                 JIT has compiled the upload path as in a server that has run a while; the timed
     *                 uploads start once the detection pass they started has ended
     */
    public Outcome run(String dbSpec, int uploads, int concurrency, long results, int poolSize, int warmup)
            throws Exception {
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
                line(
                        "serve     loaded %,d results into %s in %.1f s (the fast way: one ingest session, no XML)",
                        stored, dialect, (System.nanoTime() - t0) / 1e9);
            } else {
                line("serve     using the %,d results already stored in %s (--db is not empty)", stored, dialect);
                if (stored > results * 1.1) {
                    // Each run adds about 75,000 results and a pass's cost grows with the verdicts kept:
                    // figures from an overgrown store are not those of the size asked for.
                    line(
                            "serve     note: that is %.0f%% more than the %,d asked for (--results); the budgets are"
                                    + " set at that size, so load a fresh --db to measure them",
                            100.0 * (stored - results) / results, results);
                }
            }
            if (FlakeDetection.stale(db)) {
                long t0 = System.nanoTime();
                new FlakeDetection(DetectionConfig.defaults()).run(db);
                line(
                        "serve     detection over %,d results: %.2f s (before the server starts)",
                        stored, (System.nanoTime() - t0) / 1e9);
            }
            resultsBefore = stored;
            runsBefore = count(db, "select count(*) from run");
            token = new ApiTokens(db).create("bench-serve-" + nonce);
        }

        List<byte[]> bodies = new ArrayList<>(uploads);
        String boundary = "flakelens-bench-" + nonce;
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < warmup + uploads; i++) {
            bodies.add(upload(boundary, nonce, i, rnd));
        }
        long resultsSent = (long) (warmup + uploads) * CASES;

        long m0 = System.nanoTime();
        List<FailureText> traces =
                SyntheticTraces.make(predictSeeds, MODEL_FAILURES + QUERIES, new SplittableRandom(17));
        FlakeModel model = FlakeModel.learn(
                halfFlaky(traces.subList(0, MODEL_FAILURES)), StackTraceClustering.withDefaults(), true);
        List<byte[]> queries = new ArrayList<>(QUERIES);
        for (FailureText q : traces.subList(MODEL_FAILURES, traces.size())) {
            queries.add(JSON.writeValueAsBytes(Map.of("id", q.id(), "text", q.text())));
        }
        line(
                "serve     flake model of %,d synthetic stack traces learned in %.1f s for POST /api/v1/predict",
                MODEL_FAILURES, (System.nanoTime() - m0) / 1e9);
        ServerConfig defaults = ServerConfig.defaults("127.0.0.1", 0, spec);
        ServerConfig config = new ServerConfig(
                        defaults.host(),
                        defaults.port(),
                        defaults.db(),
                        defaults.privateReads(),
                        defaults.maxUploadBytes(),
                        defaults.detectEvery(),
                        defaults.readCache(),
                        model)
                .withPoolSize(poolSize);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Map<String, Long> errors = new TreeMap<>();
        int uploadsOk;
        int resent = 0;
        for (MemoryPoolMXBean heap : ManagementFactory.getMemoryPoolMXBeans()) {
            if (heap.getType() == MemoryType.HEAP) {
                heap.resetPeakUsage();
            }
        }
        long readsUnderLoad;
        long predictions;
        try (FlakelensServer server = FlakelensServer.start(config)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            KeepAliveClient alone = new KeepAliveClient("127.0.0.1", server.port());
            // Alone: the first read computes the list; the figure is over the last 100 of 200 (the JIT warms up).
            List<Long> idle = new ArrayList<>();
            long firstRead = 0;
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                int status = get(alone, errors);
                if (i == 0) {
                    firstRead = System.nanoTime() - t0;
                }
                if (i >= 100 && status == 200) {
                    idle.add(System.nanoTime() - t0);
                }
            }

            List<Long> predictIdle = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                long t0 = System.nanoTime();
                int status = predict(alone, queries.get(i % queries.size()), errors);
                if (i >= 200 && status == 200) {
                    predictIdle.add(System.nanoTime() - t0);
                }
            }
            alone.close();

            Map<String, Long> errs = new ConcurrentHashMap<>();
            int okBefore = 0;
            if (warmup > 0) {
                Burst w = burst(server.port(), token, boundary, bodies.subList(0, warmup), concurrency, queries, errs);
                long c0 = System.nanoTime();
                boolean caughtUp = detectionCaughtUp(server.port(), TimeUnit.MINUTES.toNanos(10));
                line(
                        "serve     warm-up, not counted: %d reports at %.0f reports/s (upload p99 %.1f ms); the detection"
                                + " pass they started %s %.1f s after the last",
                        warmup,
                        warmup / w.seconds(),
                        ms(w.uploads(), 0.99),
                        caughtUp ? "ended" : "had not ended",
                        (System.nanoTime() - c0) / 1e9);
                okBefore = w.ok();
            }
            Burst timed = burst(
                    server.port(), token, boundary, bodies.subList(warmup, bodies.size()), concurrency, queries, errs);
            double upSecs = timed.seconds();
            errors.putAll(errs);
            uploadsOk = okBefore + timed.ok();
            readsUnderLoad = timed.reads().length;

            for (int i = 0; i < Math.min(RESEND, uploads); i++) {
                HttpResponse<String> r = post(client, base, token, boundary, bodies.get(warmup + i));
                if (r != null && r.statusCode() == 200 && skipped(r.body())) {
                    resent++;
                } else {
                    errors.merge(
                            "re-send " + (r == null ? "no reply" : r.statusCode() + " or not skipped"), 1L, Long::sum);
                }
            }

            long[] up = timed.uploads();
            long[] rd = timed.reads();
            long[] id = sorted(idle);
            line(
                    "serve     uploads: %.0f reports/s, %.0f results/s (%d reports of %d cases from %d clients on %s,"
                            + " pool of %d connections, %.1f s; goal >= 100 reports/s on PostgreSQL, zero lost)",
                    uploads / upSecs,
                    (double) uploads * CASES / upSecs,
                    uploads,
                    CASES,
                    concurrency,
                    dialect,
                    poolSize,
                    upSecs);
            line(
                    "serve     upload latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 < 1 s)",
                    ms(up, 0.50), ms(up, 0.99), ms(up, 1.0));
            line(
                    "serve     GET /api/v1/flakes under load (%d readers, %d ms apart, %d reads): p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                            + " (goal p99 < 50 ms at 10M results on PostgreSQL)",
                    readers(concurrency), READ_PAUSE_MS, rd.length, ms(rd, 0.50), ms(rd, 0.99), ms(rd, 1.0));
            line(
                    "serve     GET /api/v1/flakes alone (%d reads): p50 %.1f ms, p99 %.1f ms, max %.1f ms; the first read,"
                            + " which computes the list (--read-cache %ds), took %.1f ms",
                    id.length,
                    ms(id, 0.50),
                    ms(id, 0.99),
                    ms(id, 1.0),
                    config.readCache().toSeconds(),
                    firstRead / 1e6);
            long[] pl = timed.predictions();
            long[] pi = sorted(predictIdle);
            line(
                    "serve     POST /api/v1/predict under load (%d clients, %d ms apart, %d predictions): p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms (goal p99 < 20 ms)",
                    predictors(concurrency), READ_PAUSE_MS, pl.length, ms(pl, 0.50), ms(pl, 0.99), ms(pl, 1.0));
            line(
                    "serve     POST /api/v1/predict alone (%d predictions, model of %,d failures): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    pi.length, MODEL_FAILURES, ms(pi, 0.50), ms(pi, 0.99), ms(pi, 1.0));
            predictions = pl.length;
            newFlakeShows(client, base, token, boundary, nonce, errors);
            line("serve     errors by status: %s (goal: none)", errors.isEmpty() ? "none" : errors);
        }
        long peak = 0;
        for (MemoryPoolMXBean heap : ManagementFactory.getMemoryPoolMXBeans()) {
            if (heap.getType() == MemoryType.HEAP) {
                peak += heap.getPeakUsage().getUsed();
            }
        }
        line(
                "serve     heap of this JVM, which ran the server: max %d MB (-Xmx), peak used at most %d MB while serving"
                        + " (goal: run it under -Xmx512m)",
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20);

        long resultsAfter;
        long runsAfter;
        long duplicates;
        try (Database db = Database.open(spec)) {
            // the new-flake probe's run and results are not the load's
            resultsAfter = count(db, "select count(*) from result") - PROBE_RESULTS;
            runsAfter = count(db, "select count(*) from run") - 1;
            duplicates = count(db, "select count(*) - count(distinct id) from run");
        }
        Outcome o = new Outcome(
                warmup + uploads,
                uploadsOk,
                resultsBefore,
                resultsAfter,
                resultsSent,
                runsBefore,
                runsAfter,
                duplicates,
                resent,
                Math.min(RESEND, uploads),
                readsUnderLoad,
                predictions,
                errors);
        line("serve     check: %d of %d uploads answered 200 (goal: all)", uploadsOk, warmup + uploads);
        line(
                "serve     check: stored results %,d -> %,d: +%,d for %,d sent (%s; goal: equal)",
                resultsBefore,
                resultsAfter,
                resultsAfter - resultsBefore,
                resultsSent,
                resultsAfter - resultsBefore == resultsSent ? "nothing lost, nothing doubled" : "MISMATCH");
        line(
                "serve     check: runs +%d for %d uploads, %d stored twice (goal: equal, none twice)",
                runsAfter - runsBefore, warmup + uploads, duplicates);
        line(
                "serve     check: %d of %d re-sent reports answered 200 and skipped, results unchanged (goal: all)",
                resent, Math.min(RESEND, uploads));
        line(
                "serve     %s",
                o.nothingLost() && o.nothingDoubled()
                        ? "PASS: nothing lost, nothing doubled"
                        : "FAIL: the store does not hold exactly what was sent");
        return o;
    }

    /** What one burst of uploads measured: upload, read and predict latencies, sorted. */
    private record Burst(double seconds, int ok, long[] uploads, long[] reads, long[] predictions) {}

    private static int readers(int concurrency) {
        return Math.max(1, concurrency / 4);
    }

    private static int predictors(int concurrency) {
        return Math.max(1, concurrency / 8);
    }

    /**
     * Uploads {@code bodies} from {@code concurrency} clients, each on its own kept-alive connection as
     * a CI job's uploader would hold one, while readers ask {@code /api/v1/flakes} and CI bots ask
     * {@code /api/v1/predict} until the last upload is answered.
     */
    private static Burst burst(
            int port,
            String token,
            String boundary,
            List<byte[]> bodies,
            int concurrency,
            List<byte[]> queries,
            Map<String, Long> errs)
            throws Exception {
        ConcurrentLinkedQueue<Long> upLat = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> predictLat = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> readLat = new ConcurrentLinkedQueue<>();
        AtomicBoolean uploading = new AtomicBoolean(true);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        int readers = readers(concurrency);
        int predictors = predictors(concurrency);
        ExecutorService side = Executors.newFixedThreadPool(readers + predictors);
        List<Future<?>> sideDone = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            // A pause as a person or a dashboard leaves, so readers do not take the CPU from uploads.
            sideDone.add(side.submit(
                    () -> untilUploaded(port, uploading, deadline, (reader, n) -> get(reader, errs), readLat)));
        }
        // CI bots asking whether a failure they just saw is a flake, as uploads land
        for (int r = 0; r < predictors; r++) {
            int first = r;
            sideDone.add(side.submit(() -> untilUploaded(
                    port,
                    uploading,
                    deadline,
                    (bot, n) -> predict(bot, queries.get((first + n * predictors) % queries.size()), errs),
                    predictLat)));
        }
        ExecutorService uploaders = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        long u0 = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            sent.add(uploaders.submit(() -> {
                try (KeepAliveClient uploader = new KeepAliveClient("127.0.0.1", port)) {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        byte[] body = bodies.get(i);
                        long t0 = System.nanoTime();
                        int status = status(
                                "upload", () -> uploader.postMultipart("/api/v1/runs", token, boundary, body), errs);
                        if (status == 200) {
                            upLat.add(System.nanoTime() - t0);
                            ok.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            uploading.set(false);
            uploaders.shutdownNow();
        }
        double seconds = (System.nanoTime() - u0) / 1e9;
        for (Future<?> f : sideDone) {
            f.get(5, TimeUnit.MINUTES);
        }
        side.shutdown();
        return new Burst(seconds, ok.get(), sorted(upLat), sorted(readLat), sorted(predictLat));
    }

    /** One timed request on a client's connection: its status; {@code n} counts the client's requests. */
    private interface Request {
        int send(KeepAliveClient client, int n);
    }

    /**
     * Sends {@code request} on one kept-alive connection, {@link #READ_PAUSE_MS} apart, while the uploads
     * run, timing each answered 200 into {@code latencies}. Bounded in count and time, whatever the
     * server does.
     */
    private static Void untilUploaded(
            int port, AtomicBoolean uploading, long deadline, Request request, ConcurrentLinkedQueue<Long> latencies)
            throws InterruptedException {
        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", port)) {
            for (int n = 0; n < 1_000_000 && uploading.get() && System.nanoTime() < deadline; n++) {
                long t0 = System.nanoTime();
                if (request.send(client, n) == 200) {
                    latencies.add(System.nanoTime() - t0);
                }
                Thread.sleep(READ_PAUSE_MS);
            }
        }
        return null;
    }

    /**
     * Waits until the server's {@code /metrics} says no detection pass is queued or running; whether it
     * did in time. The last upload queued its pass before it was answered, so once none is pending the
     * pass that read the uploads has ended.
     */
    private static boolean detectionCaughtUp(int port, long withinNanos) throws Exception {
        long deadline = System.nanoTime() + withinNanos;
        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", port)) {
            while (System.nanoTime() < deadline) {
                if (metric(client.getText("/metrics"), "flakelens_detection_pending", -1) == 0) {
                    return true;
                }
                Thread.sleep(100);
            }
        }
        return false;
    }

    /** {@code flakelens_detection_passes_total} from a /metrics page; 0 when it is missing. */
    static long passesTotal(String metrics) {
        return metric(metrics, "flakelens_detection_passes_total", 0);
    }

    /** The value of the unlabelled metric {@code name} on a /metrics page, or {@code missing}. */
    private static long metric(String page, String name, long missing) {
        if (page == null) {
            return missing;
        }
        for (String l : page.split("\n")) {
            if (l.startsWith(name + " ")) {
                return (long) Double.parseDouble(l.substring(name.length() + 1).trim());
            }
        }
        return missing;
    }

    /** Results the new-flake probe stores: one test, failed then passed on its rerun. */
    static final int PROBE_RESULTS = 2;

    /**
     * Uploads one run in which a test that never failed (a new one) fails and then passes on its rerun:
     * a new flake. Prints how long after the upload was answered {@code /api/v1/flakes} lists it, asking
     * every 100 ms as a dashboard might.
     */
    private void newFlakeShows(
            HttpClient client, URI base, String token, String boundary, String nonce, Map<String, Long> errors)
            throws Exception {
        String job = "flake-probe-" + nonce;
        String name = "appears_" + nonce;
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"probe\" tests=\"1\">\n"
                + "  <testcase classname=\"com.acme.ProbeTest\" name=\"" + name + "\" time=\"0.1\">"
                + "<flakyFailure message=\"timed out\" type=\"java.util.concurrent.TimeoutException\"/></testcase>\n"
                + "</testsuite>\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        field(b, boundary, "run", "probe-" + nonce);
        field(b, boundary, "job", job);
        field(b, boundary, "builder", "linux-x64");
        field(b, boundary, "revision", "probe-rev");
        field(b, boundary, "started", Instant.now().toString());
        b.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"reports\"; filename=\"TEST-probe.xml\""
                                + "\r\nContent-Type: application/xml\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(xml.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        // What the flake waits for: a pass in progress as it is uploaded, then its own, read from /metrics.
        try (KeepAliveClient metrics = new KeepAliveClient("127.0.0.1", base.getPort())) {
            String before = metrics.getText("/metrics");
            boolean passRunning = metric(before, "flakelens_detection_pending", -1) == 1;
            long passes = passesTotal(before);
            List<Double> passEnds = new ArrayList<>();
            HttpResponse<String> up = post(client, base, token, boundary, b.toByteArray());
            if (up == null || up.statusCode() != 200) {
                errors.merge("new-flake upload " + (up == null ? "no reply" : up.statusCode()), 1L, Long::sum);
                return;
            }
            long answered = System.nanoTime();
            long deadline = answered + TimeUnit.MINUTES.toNanos(5);
            // A read may wait for a detection pass (minutes at 10 million results): it is given the whole time.
            HttpRequest read = HttpRequest.newBuilder(base.resolve("/api/v1/flakes?since=all&limit=0&job=" + job))
                    .timeout(Duration.ofMinutes(5))
                    .GET()
                    .build();
            int polls = 0;
            long longestRead = 0;
            while (System.nanoTime() < deadline) {
                polls++;
                long r0 = System.nanoTime();
                HttpResponse<String> r;
                try {
                    r = client.send(read, HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    errors.merge("new-flake read no reply", 1L, Long::sum);
                    continue;
                }
                longestRead = Math.max(longestRead, System.nanoTime() - r0);
                long now = passesTotal(metrics.getText("/metrics"));
                for (; passes < now; passes++) {
                    passEnds.add((System.nanoTime() - answered) / 1e9);
                }
                if (r.statusCode() == 200 && r.body().contains(name)) {
                    line(
                            "serve     a new flake (a test that never failed, failed then passed on its rerun) shows in"
                                    + " /api/v1/flakes %.1f s after its upload was answered (%d reads 100 ms apart, the"
                                    + " longest %.1f s; goal < 10 s)",
                            (System.nanoTime() - answered) / 1e9, polls, longestRead / 1e9);
                    line(
                            "serve     what it waited for: a detection pass was %s as it was uploaded; passes ended"
                                    + " %s s after its upload was answered, then the list was computed again",
                            passRunning ? "queued or running" : "neither queued nor running",
                            passEnds.stream().map(t -> String.format("%.1f", t)).toList());
                    return;
                }
                Thread.sleep(100);
            }
            line("serve     a new flake did not show in /api/v1/flakes within 5 minutes of its upload (goal < 10 s)");
        }
        errors.merge("new flake not shown", 1L, Long::sum);
    }

    /** A multipart body for one run: metadata fields and one Surefire-like report of {@link #CASES} cases. */
    private static byte[] upload(String boundary, String nonce, int i, SplittableRandom rnd) {
        StringBuilder xml = new StringBuilder(8192);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"load\" tests=\"")
                .append(CASES)
                .append("\">\n");
        int first = rnd.nextInt(Benchmarks.HISTORY_TESTS);
        for (int c = 0; c < CASES; c++) {
            TestId t = Benchmarks.historyTest((first + c * 37) % Benchmarks.HISTORY_TESTS);
            xml.append("  <testcase classname=\"")
                    .append(t.suite())
                    .append("\" name=\"")
                    .append(t.name())
                    .append("\" time=\"0.0")
                    .append(rnd.nextInt(10))
                    .append('"');
            if (rnd.nextInt(100) < 6) {
                xml.append("><failure message=\"expected: &lt;200&gt; but was: &lt;503&gt;\" type=\"AssertionError\">"
                                + "at ")
                        .append(t.suite())
                        .append('.')
                        .append(t.name())
                        .append("(Test.java:42)</failure></testcase>\n");
            } else {
                xml.append("/>\n");
            }
        }
        xml.append("</testsuite>\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream(xml.length() + 1024);
        field(b, boundary, "run", "load-" + nonce + "-" + i);
        field(b, boundary, "job", i % 2 == 0 ? "unit" : "integration");
        field(b, boundary, "builder", i % 3 == 0 ? "linux-x64" : "macos");
        // Each benchmark run is new CI traffic: new runs of new commits (4 runs each). With the same
        // commits in every run, a store that served several benchmarks held tens of runs of each.
        field(b, boundary, "revision", "load-" + nonce + "-rev" + i / 4);
        field(b, boundary, "started", Instant.now().minusSeconds(i).toString());
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"reports\"; filename=\"TEST-load-"
                        + i + ".xml\"\r\nContent-Type: application/xml\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(xml.toString().getBytes(StandardCharsets.UTF_8));
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static void field(ByteArrayOutputStream b, String boundary, String name, String value) {
        b.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private interface Exchange {
        int send() throws java.io.IOException;
    }

    /** The status of one timed request; a status other than 200, or no reply, is counted by {@code what}. */
    private static int status(String what, Exchange exchange, Map<String, Long> errors) {
        try {
            int status = exchange.send();
            if (status != 200) {
                errors.merge(what + " " + status, 1L, Long::sum);
            }
            return status;
        } catch (Exception e) {
            errors.merge(what + " no reply", 1L, Long::sum);
            return -1;
        }
    }

    private static int get(KeepAliveClient client, Map<String, Long> errors) {
        return status("flakes", () -> client.get(FLAKES), errors);
    }

    private static int predict(KeepAliveClient client, byte[] body, Map<String, Long> errors) {
        return status("predict", () -> client.postJson("/api/v1/predict", body), errors);
    }

    private static HttpResponse<String> post(HttpClient client, URI base, String token, String boundary, byte[] body) {
        try {
            return client.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/runs"))
                            .timeout(Duration.ofSeconds(300))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
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

    /** One number a query answers, for the benchmarks' checks. */
    static long count(Database db, String sql) {
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery(sql)) {
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
