package io.flakelens.bench;

import io.flakelens.app.ci.Retries;
import io.flakelens.app.ci.ServerClient;
import io.flakelens.app.ci.UploadClient;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.store.ApiTokens;
import io.flakelens.store.Database;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code flakelens upload} of a 5,000-test report to a real server on loopback, one run after the
 * other as CI jobs finishing do: the whole client path (zip, multipart, HTTP) and the server's ingest,
 * timed per upload. Detection is off so that the figure is the upload's own.
 */
public final class UploadBench {
    static final int TESTS = 5_000;

    private final PrintWriter out;
    private final Path work;

    public UploadBench(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    public record Figures(int uploads, double p50Ms, double p99Ms, double maxMs, long bytes) {}

    public Figures run(String dbSpec, int uploads) throws Exception {
        String db = dbSpec != null ? dbSpec : work.resolve("upload.db").toString();
        String token;
        try (Database d = Database.open(db)) {
            token = new ApiTokens(d).create("bench-upload-" + System.nanoTime());
        }
        Path report = work.resolve("upload-report/TEST-com.acme.UploadBenchTest.xml");
        Files.createDirectories(report.getParent());
        try (Writer w = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
            SyntheticReport.write(w, "com.acme.UploadBenchTest", TESTS, new SplittableRandom(18));
        }
        long[] nanos = new long[uploads];
        String nonce = Long.toHexString(System.nanoTime());
        try (FlakelensServer server =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, false, 100L << 20, Duration.ZERO))) {
            ServerClient client = new ServerClient(
                    "http://127.0.0.1:" + server.port(), token, Retries.defaults(), new PrintWriter(System.err, true));
            UploadClient upload = new UploadClient(client);
            // A few uploads first, so the JIT has compiled both sides before anything is timed.
            for (int i = 0; i < 5; i++) {
                upload.upload(List.of(report), Map.of("run", "warm-" + nonce + "-" + i, "job", "bench"));
            }
            for (int i = 0; i < uploads; i++) {
                long t = System.nanoTime();
                UploadClient.Outcome o = upload.upload(
                        List.of(report), Map.of("run", "bench-" + nonce + "-" + i, "job", "bench", "builder", "linux"));
                nanos[i] = System.nanoTime() - t;
                if (o.count("ingested") != 1
                        || o.reply().path("files").get(0).path("testcases").asInt() != TESTS) {
                    throw new IllegalStateException(
                            "upload " + i + " did not store its " + TESTS + " tests: " + o.reply());
                }
            }
        }
        Arrays.sort(nanos);
        Figures f = new Figures(
                uploads,
                ServeLoad.ms(nanos, 0.50),
                ServeLoad.ms(nanos, 0.99),
                ServeLoad.ms(nanos, 1.0),
                Files.size(report));
        out.printf(
                Locale.ROOT,
                "upload    %d uploads of a %,d-test report (%.1f MB of JUnit XML) to a local server on"
                        + " %s, one after the other: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                uploads,
                TESTS,
                f.bytes() / 1e6,
                db.startsWith("jdbc:") ? "PostgreSQL" : "DuckDB",
                f.p50Ms(),
                f.p99Ms(),
                f.maxMs());
        out.flush();
        return f;
    }
}
