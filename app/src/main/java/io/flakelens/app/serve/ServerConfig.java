package io.flakelens.app.serve;

import io.flakelens.app.ingest.ExpansionLimits;
import io.flakelens.core.cluster.FlakeModel;
import java.time.Duration;

/**
 * How to run the server.
 *
 * @param port 0 picks a free port (tests)
 * @param privateReads when true, the read API needs a token as uploads do
 * @param detectEvery period of the detection job; zero or negative disables the job (reads still
 *                    detect lazily when the store changed)
 * @param readCache how old an answer of {@code /api/v1/flakes} may be (see ReadCache); zero computes
 *                  every answer, re-detecting first when the store changed
 * @param model     the flake model {@code POST /api/v1/predict} answers from; null: none (404)
 * @param expansion how far the .gz and .zip files of one upload may expand ({@code --max-expanded-mb})
 * @param poolSize  PostgreSQL connections for uploads and reads ({@code --pool-size}); DuckDB has one
 */
public record ServerConfig(
        String host,
        int port,
        String db,
        boolean privateReads,
        long maxUploadBytes,
        Duration detectEvery,
        Duration readCache,
        FlakeModel model,
        ExpansionLimits expansion,
        int poolSize) {
    /** The {@code flakelens serve} default of {@code --read-cache}. */
    public static final Duration READ_CACHE = Duration.ofSeconds(30);

    /**
     * The {@code flakelens serve} default of {@code --pool-size}: twice this machine's cores. An upload
     * holds its connection while it parses, so about two per core keep the parsers and the database
     * busy; more only queued here (docs/service.md has the figures).
     */
    public static final int POOL_SIZE = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

    public ServerConfig {
        if (poolSize < 1) {
            throw new IllegalArgumentException("the pool needs at least one connection, not " + poolSize);
        }
    }

    /** With the default pool size. */
    public ServerConfig(
            String host,
            int port,
            String db,
            boolean privateReads,
            long maxUploadBytes,
            Duration detectEvery,
            Duration readCache,
            FlakeModel model,
            ExpansionLimits expansion) {
        this(host, port, db, privateReads, maxUploadBytes, detectEvery, readCache, model, expansion, POOL_SIZE);
    }

    /** This configuration with {@code n} pooled PostgreSQL connections. */
    public ServerConfig withPoolSize(int n) {
        return new ServerConfig(
                host, port, db, privateReads, maxUploadBytes, detectEvery, readCache, model, expansion, n);
    }

    /** With the default expansion limits of an upload's .gz and .zip files. */
    public ServerConfig(
            String host,
            int port,
            String db,
            boolean privateReads,
            long maxUploadBytes,
            Duration detectEvery,
            Duration readCache,
            FlakeModel model) {
        this(host, port, db, privateReads, maxUploadBytes, detectEvery, readCache, model, ExpansionLimits.defaults());
    }

    public ServerConfig(
            String host,
            int port,
            String db,
            boolean privateReads,
            long maxUploadBytes,
            Duration detectEvery,
            Duration readCache) {
        this(host, port, db, privateReads, maxUploadBytes, detectEvery, readCache, null);
    }

    /** Without a read cache: every read sees every upload that was answered before it. */
    public ServerConfig(
            String host, int port, String db, boolean privateReads, long maxUploadBytes, Duration detectEvery) {
        this(host, port, db, privateReads, maxUploadBytes, detectEvery, Duration.ZERO);
    }

    /** The {@code flakelens serve} defaults: public reads, 100 MB uploads, detection every 10 minutes, 30 s read cache. */
    public static ServerConfig defaults(String host, int port, String db) {
        return new ServerConfig(host, port, db, false, 100L * 1024 * 1024, Duration.ofMinutes(10), READ_CACHE);
    }
}
