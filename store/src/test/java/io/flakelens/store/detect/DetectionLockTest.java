package io.flakelens.store.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On PostgreSQL a pass waits for one running elsewhere (a server's, another command's) instead of failing. */
class DetectionLockTest {
    @TempDir
    Path dir;

    @Test
    void aPassWaitsWhileAnotherSessionHoldsTheDetectionLock() throws Exception {
        String url = TestStores.freshPostgres(dir);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Database server = Database.open(url);
                Database command = Database.open(url)) {
            Scenario s = new Scenario(command);
            s.post("r1", "linux").test("a", "F").passing(3);
            s.post("r1", "linux").test("a", "P").passing(3);
            s.store();
            assertThat(server.tryJobLock(FlakeDetection.LOCK_KEY)).isTrue();
            Future<FlakeDetection.Outcome> pass =
                    other.submit(() -> new FlakeDetection(DetectionConfig.defaults()).run(command));
            Thread.sleep(1_000);
            assertThat(pass.isDone()).as("waits while the lock is held").isFalse();
            server.unlockJob(FlakeDetection.LOCK_KEY);
            assertThat(pass.get(60, TimeUnit.SECONDS).occurrences()).isEqualTo(1);
            assertThat(FlakeDetection.stale(command)).isFalse();
            // and releases it: another session takes it at once
            assertThat(server.tryJobLock(FlakeDetection.LOCK_KEY)).isTrue();
            server.unlockJob(FlakeDetection.LOCK_KEY);
        } finally {
            other.shutdownNow();
        }
    }
}
