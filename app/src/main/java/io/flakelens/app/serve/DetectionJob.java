package io.flakelens.app.serve;

import io.flakelens.store.Database;
import io.flakelens.store.detect.DerivationCopy;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs flake detection, periodically (Findit's cron), soon after uploads, and lazily when a read
 * finds the store stale.
 *
 * <p>On PostgreSQL several instances may share the database: detection rewrites
 * {@code flake_occurrence} wholesale, and two concurrent rewrites could interleave, so each pass
 * first takes a session advisory lock with a fixed key ({@code pg_try_advisory_lock}); an instance
 * that does not get it skips the pass, since another instance is producing the same result. On
 * DuckDB only this process can open the file, and {@link StoreAccess} already serialises it.
 */
final class DetectionJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionJob.class);

    enum Result {
        RAN,
        FRESH,
        LOCKED,
        DEFERRED
    }

    /**
     * Lazy passes (after uploads, and from background refreshes of cached reads) do not run back to
     * back: after a pass that took d, the next waits at least this many times d, so detection takes at
     * most about a fifth of the time under a stream of uploads: on DuckDB uploads wait while a pass
     * holds the store, and on PostgreSQL they share the cores with it.
     */
    static final double LAZY_SPACING = 4.0;

    /**
     * Reads wait for a stale-only pass when this instance's last pass took less than this (small
     * stores, and the first read of a fresh instance): they then see their own uploads. When passes
     * are slower, reads answer from the previous pass and one pass catches up in the background.
     */
    static final Duration INLINE_LIMIT = Duration.ofSeconds(2);

    /**
     * How long a pass waits while uploads keep coming. A pass during a burst of 16 clients took the
     * uploads from 89 to 55 reports/s and their p99 from 0.6 to 1.4 s on a 2-core instance; after
     * the burst one pass reads it all. Under uploads that never pause, what they bring shows within
     * about this long.
     */
    static final Duration BURST_HOLD = Duration.ofSeconds(30);

    /**
     * The cores a pass derives on while uploads are being handled: one, so that the uploads keep the
     * other. On a 2-core instance a pass on both during a burst of 16 clients took the uploads from 55
     * to 39 reports/s (upload p99 1.8 to 2.8 s). Asked before each of its steps: a pass takes all the
     * cores once no upload is in flight (one that a burst's last upload starts, or one held during the
     * burst that outlasts it), and shows its flakes sooner.
     */
    static final int THREADS_UNDER_UPLOADS = Integer.getInteger("flakelens.detect.threads", 1);

    private final StoreAccess store;
    private final FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
    /** What PostgreSQL passes derive in, kept between them; passes run one at a time ({@link StoreAccess#background}). */
    private final DerivationCopy copy = new DerivationCopy();

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flakelens-detect");
        t.setDaemon(true);
        return t;
    });
    /** Uploads being handled now: while others are coming, the pass after one waits (BURST_HOLD). */
    private final AtomicInteger uploading = new AtomicInteger();
    /** The background pass queued and not started yet, and when it is due; guarded by {@code queue}. */
    private final Object queue = new Object();

    private ScheduledFuture<?> queued;
    private long queuedDue;
    private final AtomicLong passes = new AtomicLong();
    double lazySpacing = LAZY_SPACING;
    long inlineLimitNanos = INLINE_LIMIT.toNanos();
    long burstHoldNanos = BURST_HOLD.toNanos();
    private volatile long lastEnd;
    private volatile long lastTook;
    /** Passes running or about to (counted from before a queued one leaves the queue). */
    private final AtomicInteger running = new AtomicInteger();
    /** Set by {@link #catchUp()}, open until the pass it queued ends; null when there is none. */
    private volatile CountDownLatch startPass;
    /** A read already waited the inline limit for the pass at start: later reads do not wait again. */
    private volatile boolean startPassOutwaited;

    DetectionJob(StoreAccess store) {
        this.store = store;
        copy.threads(() -> uploading.get() > 0
                ? THREADS_UNDER_UPLOADS
                : Runtime.getRuntime().availableProcessors());
    }

    /** The cores the last step of the last pass derived on (PostgreSQL stores derive in a kept copy). */
    int lastPassThreads() {
        return copy.threads();
    }

    /** How many passes this instance ran: a reply computed before the latest may miss what it found. */
    long passes() {
        return passes.get();
    }

    /** What {@code /metrics} tells of detection. */
    record Status(long passes, boolean pending, double lastPassSeconds) {}

    /**
     * Passes run so far; whether one is queued or running (what was uploaded may not show yet); how
     * long the last timed pass took.
     */
    Status status() {
        boolean waiting;
        synchronized (queue) {
            waiting = queued != null;
        }
        return new Status(passes.get(), waiting || running.get() > 0, lastTook / 1e9);
    }

    /** What an upload calls as it starts being handled. */
    void uploadStarts() {
        uploading.incrementAndGet();
    }

    /**
     * What an upload calls as it ends; when it stored something, a stale-only pass follows in the
     * background, however long passes take, so what CI uploads shows in the API and the dashboard
     * without anyone having to ask first. While other uploads are coming (a burst from many CI jobs),
     * the pass waits {@link #BURST_HOLD} (and at least the spacing after the last pass,
     * {@link #LAZY_SPACING}), which leaves the cores to the uploads; the upload that ends a burst, or
     * one alone, has its pass start at once, ahead of one queued during the burst. At most one waits;
     * uploads that land before it starts are read by it too.
     */
    void uploadEnds(boolean stored) {
        boolean others = uploading.decrementAndGet() > 0;
        if (stored) {
            passWithin(others ? Math.max(burstHoldNanos, spacingLeft()) : 0);
        }
    }

    /**
     * A stale-only pass on the background thread within {@code delayNanos}: one already queued to
     * start as soon covers it (uploads and reads that come before a pass starts are read by it), and
     * one queued for later is brought forward.
     */
    private void passWithin(long delayNanos) {
        synchronized (queue) {
            long due = System.nanoTime() + delayNanos;
            if (queued != null) {
                if (queuedDue - due <= 0 || !queued.cancel(false)) {
                    return; // the one queued comes as soon, or has just started
                }
            }
            queuedDue = due;
            try {
                queued = executor.schedule(
                        () -> {
                            running.incrementAndGet(); // pending throughout, queued then running
                            try {
                                synchronized (queue) {
                                    queued = null; // what lands from now on needs a pass of its own
                                }
                                logged(true, true, "background detection");
                            } finally {
                                running.decrementAndGet();
                            }
                        },
                        delayNanos,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                queued = null; // the server is stopping
            }
        }
    }

    /**
     * A pass in the background as the server starts, whether or not anything is new: it reads what was
     * stored while no server ran, and on PostgreSQL makes the copy that later passes bring up to date
     * ({@link DerivationCopy}), so that the first upload's pass does not pay for it. Its length says
     * little of theirs, so it is not timed.
     */
    void catchUp() {
        CountDownLatch ended = new CountDownLatch(1);
        startPass = ended;
        try {
            executor.execute(() -> {
                try {
                    logged(false, false, "detection at start");
                } finally {
                    ended.countDown();
                }
            });
        } catch (RejectedExecutionException e) {
            ended.countDown(); // the server is stopping
        }
    }

    /**
     * False when the pass at start is still running after the inline limit ({@link #INLINE_LIMIT}):
     * its length says nothing of later passes (on PostgreSQL it copies what detection keeps: 47 s at
     * 14.7 million results), and a read that waited for it would hang that long after a restart. Such
     * a read answers from what the last pass, of this instance or another, stored. Once a read has
     * waited that long, later ones do not wait again until the pass ends.
     */
    private boolean caughtUpSoon() {
        CountDownLatch ended = startPass;
        if (ended == null || ended.getCount() == 0) {
            return true;
        }
        if (startPassOutwaited) {
            return false;
        }
        try {
            boolean soon = ended.await(inlineLimitNanos, TimeUnit.NANOSECONDS);
            startPassOutwaited = !soon;
            return soon;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A pass off any request: one that fails is logged, and a later pass reads what it did not. */
    private void logged(boolean onlyIfStale, boolean timed, String what) {
        try {
            run(onlyIfStale, timed);
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.getMessage());
        }
    }

    /** How long until the spacing after the last pass ends ({@link #LAZY_SPACING}); not positive once it has. */
    private long spacingLeft() {
        long end = lastEnd;
        return end == 0 ? 0 : (long) (lazySpacing * lastTook) - (System.nanoTime() - end);
    }

    /**
     * A stale-only pass, {@link Result#DEFERRED} when the last pass of this instance ended less than
     * {@link #LAZY_SPACING} times its own duration ago: reads then see the occurrences of that pass;
     * queued instead while a long pass at start runs ({@link #caughtUpSoon()}).
     */
    Result runSpaced() {
        if (spacingLeft() > 0) {
            return Result.DEFERRED;
        }
        if (!caughtUpSoon()) {
            passWithin(0);
            return Result.DEFERRED;
        }
        return run(true);
    }

    /**
     * What reads call before they read detection's results: a stale-only pass, inline when passes are
     * quick ({@link #INLINE_LIMIT}) and the pass at start is over, else queued in the background (at
     * most one waiting) so that the read answers at once from the previous pass.
     */
    void refresh() {
        if (lastTook < inlineLimitNanos && caughtUpSoon()) {
            run(true);
            return;
        }
        passWithin(0);
    }

    /** Runs one pass; with {@code onlyIfStale}, only when something was ingested since the last pass. */
    Result run(boolean onlyIfStale) {
        return run(onlyIfStale, true);
    }

    /**
     * With {@code timed}, the pass's length sets the spacing before the next lazy one and whether reads
     * wait for passes; a pass that is not typical of the next ones (the first, which may copy a whole
     * store) leaves both as they were.
     */
    private Result run(boolean onlyIfStale, boolean timed) {
        return store.background(db -> {
            long t0 = System.nanoTime();
            Result r;
            running.incrementAndGet();
            try {
                r = pass(db, onlyIfStale);
            } finally {
                running.decrementAndGet();
            }
            if (r == Result.RAN) {
                if (timed) {
                    lastEnd = System.nanoTime();
                    lastTook = lastEnd - t0;
                }
                passes.incrementAndGet();
            }
            return r;
        });
    }

    private Result pass(Database db, boolean onlyIfStale) {
        if (onlyIfStale && !FlakeDetection.stale(db)) {
            return Result.FRESH;
        }
        if (!db.tryJobLock(FlakeDetection.LOCK_KEY)) {
            return Result.LOCKED;
        }
        try {
            // Checked again under the lock: another instance may just have finished the same pass.
            if (onlyIfStale && !FlakeDetection.stale(db)) {
                return Result.FRESH;
            }
            detection.run(db, copy);
            return Result.RAN;
        } finally {
            db.unlockJob(FlakeDetection.LOCK_KEY);
        }
    }

    /** Starts the periodic pass; a failing pass is logged and the next one still runs. */
    void schedule(Duration every) {
        if (every == null || every.isZero() || every.isNegative()) {
            return;
        }
        long ms = every.toMillis();
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        Result r = run(false);
                        LOG.info("periodic detection: {}", r);
                    } catch (RuntimeException e) {
                        LOG.warn("periodic detection failed: {}", e.getMessage());
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        copy.close();
    }
}
