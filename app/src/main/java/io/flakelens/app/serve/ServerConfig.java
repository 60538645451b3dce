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
}
