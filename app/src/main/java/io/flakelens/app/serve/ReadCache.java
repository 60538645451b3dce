package io.flakelens.app.serve;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a read from its last computed reply while that is younger than the window and no detection
 * pass has run since, and from the older reply once more while a background thread recomputes it
 * (re-detecting when data arrived).
 * So a read never waits for detection or for the store lock behind uploads, except the very first
 * read of each question; what it sees is at most the window plus one recomputation old.
 *
 * <p>A zero window turns the cache off: every read computes (and re-detects when stale) inline.
 * At most {@link #MAX_ENTRIES} questions are kept; past that the cache starts over.
 */
final class ReadCache implements AutoCloseable {
    static final int MAX_ENTRIES = 256;

    /**
     * Threads that recompute replies. The whole ranked list of a large store takes seconds to
     * compute; a narrow question (one job's flakes) waiting behind it on one thread showed a new flake
     * seconds late. Each question still has at most one recomputation in flight.
     */
    static final int REFRESHERS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ReadCache.class);

    /** A reply, when it was computed, and which detection pass it saw ({@code version}). */
    private record Entry(Object value, long computedAt, long version, AtomicBoolean refreshing) {}

    private final long windowNanos;
    private final LongSupplier version;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ExecutorService refresher;

    ReadCache(Duration window) {
        this(window, () -> 0);
    }

    /**
     * @param version counts detection passes: a reply computed before the latest is old whatever its
     *     age, so what a pass found shows one recomputation after it, not a window after it
     */
    ReadCache(Duration window, LongSupplier version) {
        this.version = version;
        this.windowNanos = window == null || window.isNegative() ? 0 : window.toNanos();
        this.refresher = windowNanos == 0
                ? null
                : Executors.newFixedThreadPool(REFRESHERS, r -> {
                    Thread t = new Thread(r, "flakelens-read-refresh");
                    t.setDaemon(true);
                    return t;
                });
    }

    private volatile boolean closing;

    boolean enabled() {
        return refresher != null;
    }

    Object get(String key, Supplier<Object> compute) {
        if (refresher == null) {
            return compute.get();
        }
        Entry e = entries.get(key);
        if (e == null) {
            long t0 = System.nanoTime();
            long v0 = version.getAsLong();
            Object v = compute.get();
            put(key, v, t0, v0);
            return v;
        }
        boolean old = System.nanoTime() - e.computedAt() >= windowNanos || version.getAsLong() != e.version();
        if (old && e.refreshing().compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    long t0 = System.nanoTime();
                    long v0 = version.getAsLong();
                    try {
                        put(key, compute.get(), t0, v0);
                    } catch (RuntimeException ex) {
                        if (closing) {
                            // the server is stopping and cancelled the query under this refresh: expected
                            LOG.debug("a cached read's refresh stopped with the server: {}", ex.getMessage());
                        } else {
                            LOG.warn("refreshing a cached read failed: {}", ex.getMessage());
                        }
                        e.refreshing().set(false);
                    }
                });
            } catch (RejectedExecutionException ex) {
                e.refreshing().set(false);
            }
        }
        return e.value();
    }

    private void put(String key, Object value, long computedAt, long seen) {
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
            entries.clear();
        }
        entries.put(key, new Entry(value, computedAt, seen, new AtomicBoolean()));
    }

    @Override
    public void close() {
        closing = true;
        if (refresher != null) {
            refresher.shutdownNow();
            try {
                refresher.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
