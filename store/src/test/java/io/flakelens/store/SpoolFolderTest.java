package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale spool folders of killed ingests are cleaned; a live process's folder never is. */
class SpoolFolderTest {
    @TempDir
    Path tmp;

    /** Holds a spool folder in {@code args[0]} until killed, as a running ingest does. */
    public static final class Hold {
        public static void main(String[] args) throws Exception {
            SpoolFolder f = SpoolFolder.create(Path.of(args[0]));
            System.out.println(f.dir().getFileName());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void aKilledHoldersFolderIsRemovedAndALiveOnesIsKept() throws Exception {
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Hold.class.getName(),
                        tmp.toString())
                .start();
        try {
            String name = new java.io.BufferedReader(
                            new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(name).startsWith("flakelens-ingest");
            Path live = tmp.resolve(name);
            assertThat(Files.isDirectory(live)).as("holder made " + live).isTrue();
            Files.writeString(live.resolve("failure.csv"), "spooled rows");

            // killed ingests: one of this version (its lock died with it), one from before the lock
            Path killed = Files.createDirectory(tmp.resolve("flakelens-ingest123"));
            Files.writeString(killed.resolve(SpoolFolder.LOCK), "999999999\n");
            Files.writeString(killed.resolve("result.csv"), "x".repeat(1000));
            Path old = Files.createDirectory(tmp.resolve("flakelens-ingest456"));
            Path oldSpool = Files.writeString(old.resolve("test.csv"), "x");
            FileTime yesterday = FileTime.from(Instant.now().minusSeconds(86_400));
            Files.setLastModifiedTime(oldSpool, yesterday);
            Files.setLastModifiedTime(old, yesterday);
            // a fresh folder without a lock may be one being made right now: kept
            Path fresh = Files.createDirectory(tmp.resolve("flakelens-ingest789"));
            Path unrelated = Files.createDirectory(tmp.resolve("other-tool"));

            assertThat(SpoolFolder.cleanStale(tmp)).isEqualTo(2);
            assertThat(killed).doesNotExist();
            assertThat(old).doesNotExist();
            assertThat(live.resolve("failure.csv")).exists();
            assertThat(fresh).exists();
            assertThat(unrelated).exists();

            holder.destroyForcibly();
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(SpoolFolder.cleanStale(tmp)).isEqualTo(1);
            assertThat(live).doesNotExist();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void thisProcesssOwnFolderIsNeverTouchedAndGoesAwayOnClose() throws Exception {
        SpoolFolder mine = SpoolFolder.create(tmp);
        Files.writeString(mine.dir().resolve("run.csv"), "x");
        assertThat(SpoolFolder.cleanStale(tmp)).isZero();
        assertThat(mine.dir().resolve("run.csv")).exists();
        mine.close();
        assertThat(mine.dir()).doesNotExist();
    }
}
