package io.flakelens.app.serve;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a read from its last computed reply while that is younger than the window, and from the
 * older reply once more while a background thread recomputes it (re-detecting when data arrived).
 * So a read never waits for detection or for the store lock behind uploads, except the very first
 * read of each question; what it sees is at most the window plus one recomputation old.
 *
 * <p>A zero window turns the cache off: every read computes (and re-detects when stale) inline.
 * At most {@link #MAX_ENTRIES} questions are kept; past that the cache starts over.
 */
final class ReadCache implements AutoCloseable {
    static final int MAX_ENTRIES = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ReadCache.class);

    private record Entry(Object value, long computedAt, AtomicBoolean refreshing) {}

    private final long windowNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ExecutorService refresher;

    ReadCache(Duration window) {
        this.windowNanos = window == null || window.isNegative() ? 0 : window.toNanos();
        this.refresher = windowNanos == 0
                ? null
                : Executors.newSingleThreadExecutor(r -> {
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
            Object v = compute.get();
            put(key, v, t0);
            return v;
        }
        if (System.nanoTime() - e.computedAt() >= windowNanos && e.refreshing().compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    long t0 = System.nanoTime();
                    try {
                        put(key, compute.get(), t0);
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

    private void put(String key, Object value, long computedAt) {
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
            entries.clear();
        }
        entries.put(key, new Entry(value, computedAt, new AtomicBoolean()));
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
