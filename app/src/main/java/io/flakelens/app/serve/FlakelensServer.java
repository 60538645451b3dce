package io.flakelens.app.serve;

import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.core.bugs.BugTracker;
import io.flakelens.store.ConnectionPool;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: every route is declared here, in {@link #create}. */
public final class FlakelensServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlakelensServer.class);

    private final StoreAccess store;
    private final DetectionJob detection;
    private final ReadCache cache;
    private final BugSyncJob bugs;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FlakelensServer(StoreAccess store, DetectionJob detection, ReadCache cache, BugSyncJob bugs, Javalin app) {
        this.store = store;
        this.detection = detection;
        this.cache = cache;
        this.bugs = bugs;
        this.app = app;
    }

    /** Opens the store, starts the server and the detection schedule; no owners, no bug filing. */
    public static FlakelensServer start(ServerConfig config) {
        return start(config, FlakelensConfig.empty());
    }

    /** Opens the store, starts the server and the detection schedule, with the owners of {@code flakelens.yaml}; no bug filing. */
    public static FlakelensServer start(ServerConfig config, FlakelensConfig settings) {
        return start(config, settings, null, Duration.ZERO);
    }

    /**
     * As {@link #start(ServerConfig, FlakelensConfig)}, and runs {@code bugs sync} into {@code tracker}
     * every {@code bugsEvery} (never when the tracker is null or the period zero).
     */
    public static FlakelensServer start(
            ServerConfig config, FlakelensConfig settings, BugTracker tracker, Duration bugsEvery) {
        StoreAccess store = StoreAccess.open(config.db(), config.poolSize());
        DetectionJob detection = new DetectionJob(store);
        ReadCache cache = new ReadCache(config.readCache(), detection::passes);
        try {
            Javalin app = create(config, settings, store, detection, cache).start();
            detection.catchUp();
            detection.schedule(config.detectEvery());
            BugSyncJob bugs =
                    tracker == null ? null : new BugSyncJob(store, detection, settings, tracker, Clock.systemUTC());
            if (bugs != null) {
                bugs.schedule(bugsEvery);
            }
            return new FlakelensServer(store, detection, cache, bugs, app);
        } catch (RuntimeException e) {
            cache.close();
            detection.close();
            store.close();
            throw e;
        }
    }

    private static Javalin create(
            ServerConfig config, FlakelensConfig settings, StoreAccess store, DetectionJob detection, ReadCache cache) {
        Metrics metrics = new Metrics();
        Auth auth = new Auth(store);
        ReadApi read = new ReadApi(store, detection, cache, settings.owners());
        Dashboard pages = new Dashboard(store, detection, settings.owners());
        QuarantineApi quarantine = new QuarantineApi(store, detection);
        QuarantinePage quarantinePage = new QuarantinePage(quarantine);
        PredictApi predict = new PredictApi(config.model());
        EvidenceApi evidence = new EvidenceApi(store, detection);
        UploadHandler upload =
                new UploadHandler(store, auth, metrics, config.maxUploadBytes(), config.expansion(), detection);
        String openapi = resource("openapi.json");
        Map<String, Object> health = Map.of("status", "ok", "db", store.dialect());
        // Reads are public unless --private; uploads always need a token (UploadHandler checks).
        Function<Handler, Handler> readable = h -> ctx -> {
            if (config.privateReads() && !auth.allowsRead(ctx)) {
                auth.require(ctx);
            }
            h.handle(ctx);
        };
        // Pages of a private server send a browser that is not signed in to the sign-in form.
        SignIn signIn = new SignIn(auth);
        Function<Handler, Handler> page = h -> ctx -> {
            if (config.privateReads() && !auth.allowsRead(ctx)) {
                SignIn.redirect(ctx);
                return;
            }
            pages.page(h).handle(ctx);
        };
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.http.maxRequestSize = config.maxUploadBytes();
            // Parts over 64 KB go to disk as they arrive, so an upload never has to fit in memory.
            cfg.jetty.multipartConfig.maxInMemoryFileSize(64, SizeUnit.KB);
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.requestLogger.http((ctx, ms) -> metrics.observe(
                    ctx.method().name(), route(ctx), ctx.status().getCode(), ms));

            // The dashboard: HTML pages over the same queries, its stylesheet and script, uPlot from its WebJar.
            cfg.staticFiles.enableWebjars();
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/dashboard";
                sf.location = Location.CLASSPATH;
            });
            cfg.routes.get("/", page.apply(pages::flakes));
            cfg.routes.get("/tests/<id>", page.apply(pages::test));
            cfg.routes.get("/runs", page.apply(pages::runs));
            cfg.routes.get("/jobs", page.apply(pages::jobs));
            cfg.routes.get("/quarantine", page.apply(quarantinePage::show));

            cfg.routes.get("/login", signIn::form);
            cfg.routes.post("/login", signIn::submit);
            cfg.routes.post("/logout", signIn::signOut);

            cfg.routes.get("/healthz", ctx -> Replies.json(ctx, 200, health));
            cfg.routes.get(
                    "/metrics",
                    readable.apply(ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(metrics.render(detection.status()))));
            cfg.routes.get(
                    "/api/v1/openapi.json",
                    ctx -> ctx.contentType("application/json").result(openapi));
            cfg.routes.post("/api/v1/runs", upload);
            cfg.routes.get("/api/v1/runs", readable.apply(read::runs));
            cfg.routes.get("/api/v1/flakes", readable.apply(read::flakes));
            cfg.routes.get("/api/v1/tests/<id>", readable.apply(read::test));
            cfg.routes.get("/api/v1/jobs", readable.apply(read::jobs));
            cfg.routes.get("/api/v1/quarantine", readable.apply(quarantine::list));
            cfg.routes.get("/api/v1/quarantine/redash", readable.apply(quarantine::redash));
            cfg.routes.post("/api/v1/predict", readable.apply(predict::predict));
            cfg.routes.post("/api/v1/evidence", readable.apply(evidence::evidence));

            cfg.routes.exception(ApiError.class, (e, ctx) -> Replies.json(ctx, e.status(), e.body()));
            // Every pooled connection stayed busy past the wait: the client may try again, as for any 503.
            cfg.routes.exception(ConnectionPool.Busy.class, (e, ctx) -> {
                LOG.warn("{} {} refused: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", "5");
                Replies.json(ctx, 503, Map.of("error", "the server is busy: " + e.getMessage() + "; try again"));
            });
            // Javalin's own refusals (unknown route, wrong method) answer in JSON like every other error.
            cfg.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> Replies.json(ctx, e.getStatus(), Map.of("error", e.getMessage())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                // The client gets an incident number only: a store's message can name temporary paths and
                // the reader's options. The log gets the message (escaped, see EscapedMessage), never the
                // request itself, whose headers hold tokens.
                String incident = incident();
                LOG.error("{} {} failed, incident {}: {}", ctx.method(), ctx.path(), incident, e.toString());
                Replies.json(
                        ctx,
                        500,
                        Map.of("error", "internal error; the server's log says more under incident " + incident));
            });
        });
    }

    private static final java.security.SecureRandom INCIDENTS = new java.security.SecureRandom();

    /** A short random name for one failure, to find its log line from what a client was told. */
    static String incident() {
        return String.format("%012x", INCIDENTS.nextLong() & 0xffff_ffff_ffffL);
    }

    /** The store, for tests that need to break it underneath a running server. */
    StoreAccess store() {
        return store;
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static String resource(String name) {
        try (InputStream in = FlakelensServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cache.close();
        if (bugs != null) {
            bugs.close();
        }
        detection.close();
        app.stop();
        store.close();
    }
}
