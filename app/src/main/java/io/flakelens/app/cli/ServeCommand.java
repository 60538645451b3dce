package io.flakelens.app.cli;

import io.flakelens.app.bugs.Trackers;
import io.flakelens.app.config.BugsConfig;
import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.core.bugs.BugTracker;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens serve}: the upload and read API over one store, until interrupted. */
@Command(name = "serve", description = "Serve the upload and read API over HTTP (see README, Service mode).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
    String host;

    @Option(names = "--private", description = "Require a token for reads too, not only for uploads")
    boolean privateReads;

    @Option(
            names = "--max-upload-mb",
            paramLabel = "MB",
            defaultValue = "100",
            description = "Largest upload (default: ${DEFAULT-VALUE})")
    long maxUploadMb;

    @Mixin
    ExpansionOptions expansion;

    @Option(
            names = "--detect-every",
            paramLabel = "PERIOD",
            defaultValue = "10m",
            description =
                    "Re-run flake detection this often: 10m, 1h, 30s; 0 to only detect on reads (default: ${DEFAULT-VALUE})")
    String detectEvery;

    @Option(
            names = "--read-cache",
            paramLabel = "PERIOD",
            defaultValue = "30s",
            description = "Answer /api/v1/flakes from a list up to this old, recomputing it in the background,"
                    + " so reads stay fast while uploads land; 0 recomputes (and re-detects) on every read"
                    + " (default: ${DEFAULT-VALUE})")
    String readCache;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "Flake model (from flakelens learn) that"
                    + " POST /api/v1/predict answers from; without it that route answers 404")
    java.nio.file.Path model;

    @Option(
            names = "--pool-size",
            paramLabel = "N",
            description = "PostgreSQL connections for uploads and reads: that many uploads ingest at once"
                    + " (detection has one more of its own; DuckDB always has one writer)"
                    + " (default: twice the cores, here ${DEFAULT-VALUE})")
    int poolSize = ServerConfig.POOL_SIZE;

    @Option(
            names = "--bugs-every",
            paramLabel = "PERIOD",
            defaultValue = "1h",
            description = "Run bugs sync this often when flakelens.yaml names a tracker and repo and a token is set"
                    + " (GITHUB_TOKEN or bugs.token); 0 never (default: ${DEFAULT-VALUE})")
    String bugsEvery;

    @Override
    public Integer call() throws InterruptedException {
        if (maxUploadMb <= 0) {
            throw new UserException("--max-upload-mb must be 1 or more");
        }
        if (poolSize < 1) {
            throw new UserException("--pool-size must be 1 or more");
        }
        Duration every = detectEvery.strip().equals("0") ? Duration.ZERO : period("--detect-every", detectEvery);
        Duration cache = readCache.strip().equals("0") ? Duration.ZERO : period("--read-cache", readCache);
        Duration bugs = bugsEvery.strip().equals("0") ? Duration.ZERO : period("--bugs-every", bugsEvery);
        FlakelensConfig settings = config.load();
        BugsConfig b = settings.bugs();
        PrintWriter out = spec.commandLine().getOut();
        BugTracker tracker = null;
        if (!bugs.isZero() && b.tracker() != null && b.where() != null) {
            tracker = Trackers.forFiling(b, System.getenv());
            if (tracker == null) {
                out.println("flakelens: bug filing is off: flakelens.yaml names " + b.where() + " but there is "
                        + Trackers.credentialSource(b));
            }
        }
        FlakelensServer server = FlakelensServer.start(
                new ServerConfig(
                        host,
                        port,
                        store.spec(),
                        privateReads,
                        maxUploadMb * 1024 * 1024,
                        every,
                        cache,
                        model == null ? null : PredictCommand.load(model),
                        expansion.limits(),
                        poolSize),
                settings,
                tracker,
                bugs);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "flakelens-shutdown"));
        out.println("flakelens: serving " + store.spec().replaceAll("(?i)(password=)[^&]*", "$1***") + " on http://"
                + host + ":" + server.port() + "/ (Ctrl-C stops)");
        if (tracker != null) {
            out.println("flakelens: filing bugs into " + b.repo() + " every " + bugsEvery.strip());
        }
        out.flush();
        stopped.await();
        return 0;
    }

    /** Reads a period with the spans {@code --since} knows (30s, 10m, 1h, 1d). */
    private static Duration period(String option, String s) {
        if (!s.strip().matches("\\d+[smhdw]")) {
            throw new UserException(option + ": cannot read \"" + s + "\"; use 30s, 10m, 1h or 0");
        }
        Instant now = Instant.now();
        Instant back = Since.parse(s.strip(), now);
        return Duration.between(back, now);
    }
}
