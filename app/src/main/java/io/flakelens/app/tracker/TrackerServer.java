package io.flakelens.app.tracker;

import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.tracker.TrackerRenderer;
import io.flakelens.core.tracker.TrackerReport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code report tracker --port}: serves the HTML report at {@code /} (and every other format at
 * {@code /?format=csv}, ...), rebuilt when the last one is older than the refresh period, and the
 * page reloads itself at that period. The store is opened per rebuild, so a DuckDB file is not held
 * between rebuilds. The same Javalin as {@code serve}, without its store, sign-in or API.
 */
public final class TrackerServer implements AutoCloseable {
    private final Javalin server;
    private final Supplier<TrackerReport> build;
    private final Duration refresh;
    private final Function<TrackerReport, String> json;
    private TrackerReport last;
    private long builtAt;

    private TrackerServer(
            String host,
            int port,
            Supplier<TrackerReport> build,
            Duration refresh,
            Function<TrackerReport, String> json) {
        this.build = build;
        this.refresh = refresh;
        this.json = json;
        this.server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.routes.get("/", this::page);
        });
    }

    public static TrackerServer start(
            String host,
            int port,
            Duration refresh,
            Supplier<TrackerReport> build,
            Function<TrackerReport, String> json) {
        TrackerServer s = new TrackerServer(host, port, build, refresh, json);
        s.server.start();
        return s;
    }

    public int port() {
        return server.port();
    }

    private synchronized TrackerReport current() {
        if (last == null || System.nanoTime() - builtAt >= refresh.toNanos()) {
            last = build.get();
            builtAt = System.nanoTime();
        }
        return last;
    }

    private void page(Context ctx) {
        String format = ctx.queryParam("format") == null
                ? "html"
                : ctx.queryParam("format").toLowerCase(Locale.ROOT);
        if (!format.matches("html|json|csv|md|org")) {
            ctx.status(400).contentType("text/plain").result("format: use html, csv, json, md or org");
            return;
        }
        TrackerReport r;
        try {
            r = current();
        } catch (RuntimeException e) {
            ctx.status(500).contentType("text/plain").result("cannot build the report: " + e.getMessage());
            return;
        }
        switch (format) {
            case "html" -> ctx.html(TrackerPage.html(r, (int) Math.max(1, refresh.toSeconds())));
            case "json" -> ctx.contentType("application/json").result(json.apply(r));
            case "csv" ->
                ctx.contentType("text/csv; charset=utf-8").result(TrackerRenderer.render(r, OutputFormat.CSV));
            default ->
                ctx.contentType("text/plain; charset=utf-8")
                        .result(TrackerRenderer.render(r, OutputFormat.parse(format)));
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
