package io.flakelens.app.cli;

import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * Loads DuckDB's native library on the second core while the first parses the command line. The
 * driver copies a 71 MB library out of the jar and links it at its first connection, about half a
 * second that every command on an embedded store otherwise waits for in full. Only for a verb with
 * a {@code --db} whose store is a DuckDB file; the command waits for the thread before it exits, so a
 * copy is never left half-written.
 */
final class DuckDbWarmUp {
    private DuckDbWarmUp() {}

    /** The thread loading the library, or null when the command will not open a DuckDB store. */
    static Thread start(Class<?> verb, String[] args) {
        if (verb == null || !hasStore(verb) || !duckDb(args)) {
            return null;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        Class.forName("org.duckdb.DuckDBNative", true, DuckDbWarmUp.class.getClassLoader());
                    } catch (Throwable e) {
                        // the store's own open reports whatever went wrong
                    }
                },
                "flakelens-duckdb-load");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void await(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hasStore(Class<?> verb) {
        for (Field f : verb.getDeclaredFields()) {
            if (f.getType() == StoreOptions.class) {
                return true;
            }
        }
        return false;
    }

    /** Whether the store {@link StoreOptions#spec(String)} finds from this {@code --db} is a DuckDB file. */
    private static boolean duckDb(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            return false;
        }
        String option = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--db") && i + 1 < args.length) {
                option = args[i + 1];
            } else if (args[i].startsWith("--db=")) {
                option = args[i].substring("--db=".length());
            }
        }
        return !StoreOptions.spec(option).startsWith("jdbc:");
    }
}
