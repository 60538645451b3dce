package io.flakelens.app.bugs;

import java.time.Duration;

/** How the client waits between retries and for rate limits; tests pass one that only records. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
