package io.flakelens.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The temporary folder of one ingest's spools, held by a lock on a file in it ({@code owner.lock},
 * with the process id) for as long as the ingest runs. A killed ingest leaves its folder behind, up
 * to a batch of spooled rows; the first ingest of a process removes such folders, but only those no
 * live process holds: the lock says so, and it dies with its process however that ends.
 */
final class SpoolFolder implements AutoCloseable {
    static final String PREFIX = "flakelens-ingest";
    static final String LOCK = "owner.lock";
    /** A folder without a lock file (from a version before the lock) is left alone while this fresh. */
    static final Duration UNLOCKED_GRACE = Duration.ofHours(1);

    private static final AtomicBoolean CLEANED = new AtomicBoolean();
    private static final long PID = ProcessHandle.current().pid();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolFolder(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates and locks a new folder in the system's temporary folder, cleaning stale ones first (once a process). */
    static SpoolFolder create() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (CLEANED.compareAndSet(false, true)) {
            cleanStale(tmp);
        }
        return create(tmp);
    }

    static SpoolFolder create(Path tmp) throws IOException {
        Path dir = Files.createTempDirectory(tmp, PREFIX);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.lock();
            // Not forced to disk: other processes read it from the page cache, and after a crash of the
            // machine no lock is held, so the folder is stale whatever the file says (an fsync per
            // ingest cost about 20 ms, most of a small upload).
            ch.write(java.nio.ByteBuffer.wrap((PID + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new SpoolFolder(dir, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Removes the spool folders in {@code tmp} that no live process holds; returns how many. Never
     * fails: housekeeping must not stop an ingest.
     */
    static int cleanStale(Path tmp) {
        int removed = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path d : ds) {
                try {
                    if (Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS) && removeIfStale(d)) {
                        removed++;
                    }
                } catch (IOException | RuntimeException e) {
                    // another process's folder we may not touch, or one going away as we look: leave it
                }
            }
        } catch (IOException | RuntimeException e) {
            // no temporary folder to look in
        }
        return removed;
    }

    private static boolean removeIfStale(Path d) throws IOException {
        Path lockFile = d.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            if (newest(d).isAfter(Instant.now().minus(UNLOCKED_GRACE))) {
                return false;
            }
            deleteTree(d);
            return true;
        }
        String owner = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
        if (owner.equals(String.valueOf(PID))) {
            // This process's own: locking it again here would release the live lock (POSIX semantics).
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return false;
            }
            if (l == null) {
                return false;
            }
            try {
                deleteTree(d);
            } finally {
                if (l.isValid()) {
                    l.release();
                }
            }
            return true;
        }
    }

    private static Instant newest(Path d) throws IOException {
        FileTime newest = Files.getLastModifiedTime(d);
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        }
        return newest.toInstant();
    }

    private static void deleteTree(Path d) throws IOException {
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Releases the lock and removes the folder with whatever is left in it. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
            deleteTree(dir);
        }
    }
}
