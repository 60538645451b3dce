package io.flakelens.app.tracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.tracker.TrackerRenderer;
import io.flakelens.core.tracker.TrackerReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code report tracker --port}: serves the HTML report at {@code /} (and every other format at
 * {@code /?format=csv}, ...), rebuilt when the last one is older than the refresh period, and the
 * page reloads itself at that period. The store is opened per rebuild, so a DuckDB file is not held
 * between rebuilds. Two threads at most; a plain JDK server is plenty for a page read weekly.
 */
public final class TrackerServer implements AutoCloseable {
    private final HttpServer server;
    private final Supplier<TrackerReport> build;
    private final Duration refresh;
    private final Function<TrackerReport, String> json;
    private TrackerReport last;
    private long builtAt;

    private TrackerServer(HttpServer server, Supplier<TrackerReport> build, Duration refresh,
                          Function<TrackerReport, String> json) {
        this.server = server;
        this.build = build;
        this.refresh = refresh;
        this.json = json;
    }

    public static TrackerServer start(String host, int port, Duration refresh, Supplier<TrackerReport> build,
                                      Function<TrackerReport, String> json) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        TrackerServer s = new TrackerServer(http, build, refresh, json);
        http.createContext("/", s::handle);
        http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "flakelens-tracker-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private synchronized TrackerReport current() {
        if (last == null || System.nanoTime() - builtAt >= refresh.toNanos()) {
            last = build.get();
            builtAt = System.nanoTime();
        }
        return last;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!ex.getRequestMethod().equals("GET") || !ex.getRequestURI().getPath().equals("/")) {
                reply(ex, 404, "text/plain", "not found: only / (with ?format=html|csv|json|md|org) is served");
                return;
            }
            String format = "html";
            String q = ex.getRequestURI().getQuery();
            if (q != null && q.startsWith("format=")) {
                format = q.substring(7).toLowerCase(Locale.ROOT);
            }
            TrackerReport r = current();
            switch (format) {
                case "html" -> reply(ex, 200, "text/html; charset=utf-8",
                        TrackerRenderer.html(r, (int) Math.max(1, refresh.toSeconds())));
                case "json" -> reply(ex, 200, "application/json", json.apply(r));
                case "csv" -> reply(ex, 200, "text/csv; charset=utf-8", TrackerRenderer.render(r, OutputFormat.CSV));
                case "md", "org" -> reply(ex, 200, "text/plain; charset=utf-8",
                        TrackerRenderer.render(r, OutputFormat.parse(format)));
                default -> reply(ex, 400, "text/plain", "format: use html, csv, json, md or org");
            }
        } catch (RuntimeException e) {
            reply(ex, 500, "text/plain", "cannot build the report: " + e.getMessage());
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
