package io.flakelens.app.ci;

import java.time.Duration;

/**
 * How a client retries: up to {@code attempts} tries, waiting {@code firstWait} after the first
 * failure and doubling up to {@code maxWait}. Only connection errors, 5xx and 429 are retried.
 */
public record Retries(int attempts, Duration firstWait, Duration maxWait) {
    public Retries {
        if (attempts < 1) {
            throw new IllegalArgumentException("--retries must be at least 0");
        }
    }

    public static Retries defaults() {
        return new Retries(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The wait before try {@code n + 1} (n from 1). */
    Duration waitAfter(int n) {
        long ms = firstWait.toMillis() << Math.min(20, n - 1);
        return Duration.ofMillis(Math.min(ms, maxWait.toMillis()));
    }
}
