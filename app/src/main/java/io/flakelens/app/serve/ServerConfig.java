package io.flakelens.app.serve;

import java.time.Duration;

/**
 * How to run the server.
 *
 * @param port 0 picks a free port (tests)
 * @param privateReads when true, the read API needs a token as uploads do
 * @param detectEvery period of the detection job; zero or negative disables the job (reads still
 *                    detect lazily when the store changed)
 */
public record ServerConfig(String host, int port, String db, boolean privateReads, long maxUploadBytes,
                           Duration detectEvery) {
    /** The {@code flakelens serve} defaults: public reads, 100 MB uploads, detection every 10 minutes. */
    public static ServerConfig defaults(String host, int port, String db) {
        return new ServerConfig(host, port, db, false, 100L * 1024 * 1024, Duration.ofMinutes(10));
    }
}
