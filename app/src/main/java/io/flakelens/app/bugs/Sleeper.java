package io.flakelens.app.bugs;

import java.time.Duration;

/** How the client waits between retries and for rate limits; tests pass one that only records. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;

    /** Waits, or fails the call when interrupted: nobody is left to read its answer. */
    default void pause(Duration d, String tracker) {
        try {
            sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(0, "interrupted while waiting for " + tracker);
        }
    }
}
