package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.SurefireXml;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReadCacheTest {
    @TempDir
    Path dir;

    static java.util.List<String> stores() {
        return TestStores.names();
    }

    @Test
    void zeroWindowComputesEveryRead() {
        try (ReadCache cache = new ReadCache(Duration.ZERO)) {
            AtomicInteger n = new AtomicInteger();
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(1);
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(2);
        }
    }

    @Test
    void answersFromTheCacheThenRefreshesInTheBackgroundOnceOld() throws Exception {
        try (ReadCache cache = new ReadCache(Duration.ofMillis(200))) {
            AtomicInteger n = new AtomicInteger();
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(1);
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(1);
            assertThat(cache.get("other", n::incrementAndGet)).isEqualTo(2);
            Thread.sleep(300);
            // Old: answered once more as it was, while it is recomputed off the reader's thread.
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(1);
            Object now = firstOtherThan(1, () -> cache.get("k", n::incrementAndGet));
            assertThat(now).isEqualTo(3);
        }
    }

    @Test
    void aReplyComputedBeforeTheLatestDetectionPassIsRecomputedWhateverItsAge() throws Exception {
        AtomicLong passes = new AtomicLong();
        try (ReadCache cache = new ReadCache(Duration.ofHours(1), passes::get)) {
            AtomicInteger n = new AtomicInteger();
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(1);
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(1);
            passes.incrementAndGet();
            // answered once more as it was, while it is recomputed off the reader's thread
            assertThat(cache.get("k", n::incrementAndGet)).isEqualTo(1);
            Object now = firstOtherThan(1, () -> cache.get("k", n::incrementAndGet));
            assertThat(now).isEqualTo(2);
            Thread.sleep(100);
            assertThat(cache.get("k", n::incrementAndGet))
                    .as("young and after the pass")
                    .isEqualTo(2);
        }
    }

    /** A narrow question is not held back by a slow recomputation of another. */
    @Test
    void aSlowRefreshDoesNotHoldBackOtherQuestions() throws Exception {
        AtomicLong passes = new AtomicLong();
        CountDownLatch slowMayEnd = new CountDownLatch(1);
        try (ReadCache cache = new ReadCache(Duration.ofHours(1), passes::get)) {
            assertThat(cache.get("whole list", () -> "old list")).isEqualTo("old list");
            assertThat(cache.get("one job", () -> "old job")).isEqualTo("old job");
            passes.incrementAndGet();
            assertThat(cache.get("whole list", () -> {
                        try {
                            slowMayEnd.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "new list";
                    }))
                    .isEqualTo("old list");
            Object now = firstOtherThan("old job", () -> cache.get("one job", () -> "new job"));
            assertThat(now).as("while the whole list is still being computed").isEqualTo("new job");
            slowMayEnd.countDown();
        }
    }

    @Test
    void aFailedRefreshKeepsTheOldAnswerAndIsTriedAgain() throws Exception {
        try (ReadCache cache = new ReadCache(Duration.ofMillis(50))) {
            assertThat(cache.get("k", () -> "old")).isEqualTo("old");
            Thread.sleep(100);
            assertThat(cache.get("k", () -> {
                        throw new IllegalStateException("store down");
                    }))
                    .isEqualTo("old");
            Object now = firstOtherThan("old", () -> cache.get("k", () -> "new"));
            assertThat(now).isEqualTo("new");
        }
    }

    /**
     * An upload starts a detection pass, and replies computed before that pass are recomputed: a new
     * flake shows long before an hour's window ends, with nobody reading in between.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void aNewFlakeShowsSoonAfterItsUploadWhateverTheWindow(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        ServerConfig config =
                new ServerConfig("127.0.0.1", 0, db, false, 10L << 20, Duration.ZERO, Duration.ofHours(1));
        try (RunningServer s = RunningServer.start(db, config)) {
            assertThat(s.get("/api/v1/flakes?since=all").json()).isEmpty();
            uploadAFlake(s);
            Thread.sleep(2_000); // the passes the uploads started, with no read to start one
            int flakes = 0;
            for (int i = 0; i < 200 && flakes == 0; i++) {
                flakes = s.get("/api/v1/flakes?since=all").json().size();
                Thread.sleep(50);
            }
            assertThat(flakes).isEqualTo(1);
        }
    }

    /** With --read-cache, new uploads show in /api/v1/flakes within the window plus one recomputation. */
    @ParameterizedTest
    @MethodSource("stores")
    void flakesCatchUpWithUploadsAfterTheWindow(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        ServerConfig config =
                new ServerConfig("127.0.0.1", 0, db, false, 10L << 20, Duration.ZERO, Duration.ofSeconds(1));
        try (RunningServer s = RunningServer.start(db, config)) {
            assertThat(s.get("/api/v1/flakes?since=all").json()).isEmpty();
            uploadAFlake(s);
            int flakes = 0;
            for (int i = 0; i < 200 && flakes == 0; i++) {
                Thread.sleep(50);
                flakes = s.get("/api/v1/flakes?since=all").json().size();
            }
            assertThat(flakes).isEqualTo(1);
            assertThat(s.get("/api/v1/flakes?since=yesterday").status()).isEqualTo(400);
        }
    }

    /** Two runs of one revision: the test fails in one and passes in the other. */
    private static void uploadAFlake(RunningServer s) throws Exception {
        assertThat(s.upload(ServerTest.run("c1", "r1")
                                .file(
                                        "reports",
                                        "TEST-a.xml",
                                        SurefireXml.report("com.A", SurefireXml.fail("com.A", "one"))))
                        .status())
                .isEqualTo(200);
        assertThat(s.upload(ServerTest.run("c2", "r1")
                                .file(
                                        "reports",
                                        "TEST-a.xml",
                                        SurefireXml.report("com.A", SurefireXml.pass("com.A", "one"))))
                        .status())
                .isEqualTo(200);
    }

    /** What {@code read} answers once it answers other than {@code old}, asking every 25 ms for at most 5 s. */
    private static Object firstOtherThan(Object old, java.util.function.Supplier<Object> read)
            throws InterruptedException {
        Object now = read.get();
        for (int i = 0; i < 200 && now.equals(old); i++) {
            Thread.sleep(25);
            now = read.get();
        }
        return now;
    }
}
