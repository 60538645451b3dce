package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.SurefireXml;
import io.flakelens.app.ingest.Ingestion;
import io.flakelens.app.ingest.RunFlags;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import io.flakelens.store.detect.FlakeDetection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Periodic detection: lazy when fresh, and on PostgreSQL one instance at a time under an advisory lock. */
class DetectionJobTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private void ingestOne(Database db) throws Exception {
        ingestOne(db, "r1");
    }

    private void ingestOne(Database db, String run) throws Exception {
        Path f = dir.resolve("TEST-a.xml");
        Files.writeString(
                f, SurefireXml.report("com.A", SurefireXml.pass("com.A", "one"), SurefireXml.fail("com.A", "two")));
        try (Ingestion in = new Ingestion(db, Ingestion.QUIET, Map.of())) {
            in.ingest(
                    new RunFlags(
                            run, null, "unit", "linux", "rev1", null, null, null, null, null, null, null, null, null),
                    List.of(f));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void runsWhenStaleAndSkipsWhenFresh(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)));
                DetectionJob job = new DetectionJob(access)) {
            ingestThrough(access);
            assertThat(job.run(true)).isEqualTo(DetectionJob.Result.RAN);
            assertThat(job.run(true)).isEqualTo(DetectionJob.Result.FRESH);
            assertThat(job.run(false)).isEqualTo(DetectionJob.Result.RAN);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theScheduleRunsDetectionPeriodically(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)));
                DetectionJob job = new DetectionJob(access)) {
            ingestThrough(access);
            assertThat(access.with(FlakeDetection::stale)).isTrue();
            job.schedule(Duration.ofMillis(100));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (access.with(FlakeDetection::stale) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(access.with(FlakeDetection::stale))
                    .as("a scheduled pass ran")
                    .isFalse();
        }
    }

    @Test
    void onPostgresqlAnInstanceSkipsWhileAnotherHoldsTheLock() throws Exception {
        String url = TestStores.freshPostgres(dir);
        try (StoreAccess a = new StoreAccess(Database.open(url));
                StoreAccess b = new StoreAccess(Database.open(url));
                DetectionJob jobA = new DetectionJob(a);
                DetectionJob jobB = new DetectionJob(b);
                Connection other = DriverManager.getConnection(url)) {
            // Another instance (here: a plain connection) holds the detection lock.
            assertThat(advisory(other, "pg_try_advisory_lock")).isTrue();
            assertThat(jobA.run(false)).isEqualTo(DetectionJob.Result.LOCKED);
            assertThat(jobB.run(false)).isEqualTo(DetectionJob.Result.LOCKED);
            assertThat(advisory(other, "pg_advisory_unlock")).isTrue();
            assertThat(jobA.run(false)).isEqualTo(DetectionJob.Result.RAN);
            // The pass released the lock: the other instance can take it again.
            assertThat(advisory(other, "pg_try_advisory_lock")).isTrue();
            assertThat(advisory(other, "pg_advisory_unlock")).isTrue();
        }
    }

    @Test
    void onPostgresqlTwoSchedulersNeverDetectAtTheSameTime() throws Exception {
        String url = TestStores.freshPostgres(dir);
        try (StoreAccess a = new StoreAccess(Database.open(url));
                StoreAccess b = new StoreAccess(Database.open(url));
                Connection watcher = DriverManager.getConnection(url)) {
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger locked = new AtomicInteger();
            int held = 0;
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(2);
            for (StoreAccess s : List.of(a, b)) {
                Thread t = new Thread(() -> {
                    DetectionJob job = new DetectionJob(s);
                    while (!stop.get()) {
                        if (job.run(false) == DetectionJob.Result.LOCKED) {
                            locked.incrementAndGet();
                        }
                    }
                    done.countDown();
                });
                t.setDaemon(true);
                t.start();
            }
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                // pg_locks shows at most one holder of the detection key at any moment.
                try (PreparedStatement ps =
                        watcher.prepareStatement("select count(*) from pg_locks where locktype = 'advisory' and granted"
                                // advisory locks are per database; other databases on the server are not ours
                                + " and database = (select oid from pg_database where datname = current_database())"
                                + " and ((classid::bigint << 32) | objid::bigint) = ?")) {
                    ps.setLong(1, FlakeDetection.LOCK_KEY);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 1) {
                            overlaps.incrementAndGet();
                        } else if (rs.getLong(1) == 1) {
                            held++;
                        }
                    }
                }
            }
            stop.set(true);
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(held).as("the watcher saw the lock held").isPositive();
            assertThat(overlaps.get()).isZero();
            assertThat(locked.get())
                    .as("the two schedulers did contend for the lock")
                    .isPositive();
        }
    }

    private static boolean advisory(Connection c, String function) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select " + function + "(?)")) {
            ps.setLong(1, FlakeDetection.LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void spacedPassesWaitSomeTimesTheirOwnDurationAfterThePreviousPass(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)));
                DetectionJob job = new DetectionJob(access)) {
            assertThat(job.runSpaced()).as("no pass yet").isEqualTo(DetectionJob.Result.RAN);
            ingestThrough(access);
            job.lazySpacing = 1e9;
            assertThat(job.runSpaced()).as("stale, but just detected").isEqualTo(DetectionJob.Result.DEFERRED);
            assertThat(access.with(FlakeDetection::stale)).isTrue();
            assertThat(job.run(true)).as("unspaced passes as before").isEqualTo(DetectionJob.Result.RAN);
            job.lazySpacing = 0;
            assertThat(job.runSpaced()).isEqualTo(DetectionJob.Result.FRESH);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anUploadStartsAPassSoonAfterItWithoutAnyRead(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)));
                DetectionJob job = new DetectionJob(access)) {
            assertThat(job.run(false)).isEqualTo(DetectionJob.Result.RAN);
            assertThat(job.passes()).isEqualTo(1);
            ingestThrough(access);
            job.lazySpacing = 1e9; // alone, an upload's pass does not wait for the spacing
            upload(job, true);
            upload(job, false); // nothing stored: no pass of its own
            awaitFresh(access);
            assertThat(job.passes()).isEqualTo(2);
        }
    }

    /**
     * During a burst, a pass waits for the burst hold, and at least for the spacing after the last one
     * (a pass that took d waits lazySpacing times d); the upload that ends the burst has it start at once.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void duringABurstPassesWaitAndTheLastUploadStartsOne(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)));
                DetectionJob job = new DetectionJob(access)) {
            assertThat(job.run(false)).isEqualTo(DetectionJob.Result.RAN);
            job.lazySpacing = 0;
            job.uploadStarts();
            job.uploadStarts();
            ingestThrough(access);
            job.uploadEnds(true); // another is still coming
            Thread.sleep(500);
            assertThat(access.with(FlakeDetection::stale)).as("held").isTrue();
            job.burstHoldNanos = 0;
            job.lazySpacing = 1e9;
            job.uploadStarts();
            job.uploadEnds(true);
            Thread.sleep(500);
            assertThat(access.with(FlakeDetection::stale)).as("spaced").isTrue();
            assertThat(job.passes()).isEqualTo(1);
            job.uploadEnds(false); // the burst ends, with an upload that stored nothing
            Thread.sleep(300);
            assertThat(access.with(FlakeDetection::stale)).as("still waiting").isTrue();
            ingestThrough(access, "r2");
            upload(job, true);
            awaitFresh(access);
            assertThat(job.passes()).isEqualTo(2);
        }
    }

    /** What /metrics reports: a pass queued behind a burst is pending until it has run. */
    @ParameterizedTest
    @MethodSource("stores")
    void itsStatusTellsWhetherAPassIsPending(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)));
                DetectionJob job = new DetectionJob(access)) {
            assertThat(job.run(false)).isEqualTo(DetectionJob.Result.RAN);
            assertThat(job.status().passes()).isEqualTo(1);
            assertThat(job.status().pending()).isFalse();
            assertThat(job.status().lastPassSeconds()).isPositive();
            job.lazySpacing = 0;
            job.uploadStarts();
            job.uploadStarts();
            ingestThrough(access);
            job.uploadEnds(true); // held: another upload is still coming
            assertThat(job.status().pending()).as("queued behind the burst").isTrue();
            job.uploadEnds(true); // the last of the burst starts it
            for (int i = 0; i < 400 && job.status().pending(); i++) {
                Thread.sleep(25);
            }
            assertThat(job.status().pending()).isFalse();
            assertThat(job.status().passes()).isEqualTo(2);
            assertThat(access.with(FlakeDetection::stale)).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void uploadsStartPassesHoweverLongTheyTake(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)));
                DetectionJob job = new DetectionJob(access)) {
            ingestThrough(access);
            job.inlineLimitNanos = 0; // every pass counts as slow: reads would not wait for one
            upload(job, true);
            awaitFresh(access);
            ingestThrough(access, "r2");
            upload(job, true);
            awaitFresh(access);
            assertThat(job.passes()).isEqualTo(2);
        }
    }

    private static void upload(DetectionJob job, boolean stored) {
        job.uploadStarts();
        job.uploadEnds(stored);
    }

    /** What was stored while no server ran is read as it starts, and the first pass's cost is paid then. */
    @ParameterizedTest
    @MethodSource("stores")
    void aPassRunsAsTheJobStartsEvenWhenNothingIsNew(String store) throws Exception {
        try (StoreAccess access = new StoreAccess(Database.open(TestStores.fresh(store, dir)))) {
            ingestThrough(access);
            try (DetectionJob job = new DetectionJob(access)) {
                job.catchUp();
                awaitFresh(access);
                assertThat(job.passes()).isEqualTo(1);
            }
            try (DetectionJob job = new DetectionJob(access)) {
                job.catchUp();
                for (int i = 0; i < 400 && job.passes() == 0; i++) {
                    Thread.sleep(25);
                }
                assertThat(job.passes())
                        .as("a pass although the store was fresh")
                        .isEqualTo(1);
            }
        }
    }

    private static void awaitFresh(StoreAccess access) throws InterruptedException {
        for (int i = 0; i < 400 && access.with(FlakeDetection::stale); i++) {
            Thread.sleep(25);
        }
        assertThat(access.with(FlakeDetection::stale)).isFalse();
    }

    private void ingestThrough(StoreAccess access) {
        ingestThrough(access, "r1");
    }

    private void ingestThrough(StoreAccess access, String run) {
        access.with(db -> {
            try {
                ingestOne(db, run);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    /** A pass leaves a core to the uploads in flight as it starts, and takes them all when there are none. */
    @Test
    void aPassDuringUploadsDerivesOnOneCoreAndOnAllOtherwise() throws Exception {
        try (StoreAccess access = StoreAccess.open(TestStores.freshPostgres(dir));
                DetectionJob job = new DetectionJob(access)) {
            job.uploadStarts();
            assertThat(job.run(false)).isEqualTo(DetectionJob.Result.RAN);
            assertThat(job.lastPassThreads()).isEqualTo(DetectionJob.THREADS_UNDER_UPLOADS);
            job.uploadEnds(false);
            assertThat(job.run(false)).isEqualTo(DetectionJob.Result.RAN);
            assertThat(job.lastPassThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void onPostgresqlUploadsDoNotWaitForARunningPass() throws Exception {
        try (StoreAccess access = StoreAccess.open(TestStores.freshPostgres(dir))) {
            ExecutorService uploads = Executors.newSingleThreadExecutor();
            try (HeldPass pass = HeldPass.hold(access)) {
                Future<?> upload = uploads.submit(() -> ingestThrough(access));
                // While the (held) pass runs, the upload lands on the other connection.
                upload.get(20, TimeUnit.SECONDS);
                assertThat(access.with(FlakeDetection::stale)).isTrue();
            } finally {
                uploads.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void whenPassesAreSlowReadsDoNotWaitAndOnePassCatchesUpInTheBackground(String store) throws Exception {
        try (StoreAccess access = StoreAccess.open(TestStores.fresh(store, dir));
                DetectionJob job = new DetectionJob(access)) {
            ingestThrough(access);
            job.inlineLimitNanos = 0;
            // Someone else's long pass holds detection.
            try (HeldPass pass = HeldPass.hold(access)) {
                onAnotherThread(() -> {
                    job.refresh();
                    job.refresh();
                });
            }
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (access.with(FlakeDetection::stale) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(access.with(FlakeDetection::stale))
                    .as("the background pass ran")
                    .isFalse();
        }
    }

    /** A restarted server answers reads while its first pass (a whole copy, on PostgreSQL) runs on. */
    @ParameterizedTest
    @MethodSource("stores")
    void readsWaitForALongPassAtStartNoLongerThanTheInlineLimit(String store) throws Exception {
        try (StoreAccess access = StoreAccess.open(TestStores.fresh(store, dir));
                DetectionJob job = new DetectionJob(access)) {
            ingestThrough(access);
            job.inlineLimitNanos = Duration.ofMillis(300).toNanos();
            // the pass at start waits behind a held one, as a long copy would keep it
            try (HeldPass pass = HeldPass.hold(access)) {
                job.catchUp();
                long t0 = System.nanoTime();
                onAnotherThread(() -> {
                    job.refresh();
                    job.runSpaced();
                });
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
                assertThat(job.passes()).as("answered before any pass").isZero();
            }
            awaitFresh(access);
            // once it ended, reads wait for their pass again and see their own uploads
            ingestThrough(access, "r2");
            job.refresh();
            assertThat(access.with(FlakeDetection::stale)).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void whenPassesAreQuickReadsSeeTheirOwnUploads(String store) throws Exception {
        try (StoreAccess access = StoreAccess.open(TestStores.fresh(store, dir));
                DetectionJob job = new DetectionJob(access)) {
            ingestThrough(access);
            job.refresh();
            assertThat(access.with(FlakeDetection::stale)).isFalse();
        }
    }

    @Test
    void onPostgresqlClosingCancelsAPassInFlight() throws Exception {
        StoreAccess access = StoreAccess.open(TestStores.freshPostgres(dir));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread pass = new Thread(() -> access.background(db -> {
            started.countDown();
            try (java.sql.Statement s = db.connection().createStatement()) {
                s.execute("select pg_sleep(120)");
            } catch (java.sql.SQLException e) {
                cancelled.set(e.getMessage().contains("cancel"));
            }
            return null;
        }));
        pass.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        long t0 = System.nanoTime();
        access.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        pass.join(10_000);
        assertThat(cancelled).as("the running statement was cancelled").isTrue();
    }

    /** Runs {@code reads} as a request thread would, failing when they take 10 s (they waited for a pass). */
    private static void onAnotherThread(Runnable reads) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            reader.submit(reads).get(10, TimeUnit.SECONDS);
        } finally {
            reader.shutdownNow();
        }
    }

    /** A detection "pass" that holds the detection connection until closed. */
    private record HeldPass(Thread thread, CountDownLatch mayEnd) implements AutoCloseable {
        static HeldPass hold(StoreAccess access) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch mayEnd = new CountDownLatch(1);
            Thread t = new Thread(() -> access.background(db -> {
                started.countDown();
                try {
                    return mayEnd.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            t.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            return new HeldPass(t, mayEnd);
        }

        @Override
        public void close() throws InterruptedException {
            mayEnd.countDown();
            thread.join(10_000);
        }
    }
}
