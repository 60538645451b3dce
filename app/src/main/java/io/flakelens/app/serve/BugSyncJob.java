package io.flakelens.app.serve;

import io.flakelens.app.bugs.BugSync;
import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.core.bugs.BugTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bugs sync} on a schedule. On PostgreSQL several instances share the database, and two
 * passes at once could each create the same bug before either recorded it, so a pass first takes
 * its own advisory lock (not detection's: the two may overlap) and an instance that does not get
 * it skips the pass. Detection runs first when the store changed, so bugs see the latest flakes.
 */
final class BugSyncJob implements AutoCloseable {
    /** "flakebug" in ASCII, recognisable in pg_locks. */
    static final long LOCK_KEY = 0x666c616b65627567L;

    private static final Logger LOG = LoggerFactory.getLogger(BugSyncJob.class);

    enum Result {
        RAN,
        LOCKED
    }

    private final StoreAccess store;
    private final DetectionJob detection;
    private final FlakelensConfig cfg;
    private final BugTracker tracker;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    BugSyncJob(StoreAccess store, DetectionJob detection, FlakelensConfig cfg, BugTracker tracker, Clock clock) {
        this.store = store;
        this.detection = detection;
        this.cfg = cfg;
        this.tracker = tracker;
        this.clock = clock;
    }

    Result run() {
        detection.run(true);
        // On the background connection: tracker calls take seconds, and uploads must not wait for them.
        return store.background(db -> {
            if (!db.tryJobLock(LOCK_KEY)) {
                return Result.LOCKED;
            }
            try {
                BugSync.Outcome o = new BugSync(db, cfg, tracker, clock).run(clock.instant());
                LOG.info(
                        "bug sync: {} qualifying flakes, {} created, {} updated, {} reopened, {} refiled, {} skipped",
                        o.qualifying(),
                        o.count("create"),
                        o.count("update"),
                        o.count("reopen"),
                        o.count("refile"),
                        o.count("skip"));
                o.errors().forEach(e -> LOG.warn("bug sync: {}", e));
                return Result.RAN;
            } finally {
                db.unlockJob(LOCK_KEY);
            }
        });
    }

    /** Starts the periodic pass (first one after one period); a failing pass is logged and the next one runs. */
    void schedule(Duration every) {
        if (every == null || every.isZero() || every.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flakelens-bugs");
            t.setDaemon(true);
            return t;
        });
        long ms = every.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        LOG.info("periodic bug sync: {}", run());
                    } catch (RuntimeException e) {
                        LOG.warn("periodic bug sync failed: {}", e.getMessage());
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
