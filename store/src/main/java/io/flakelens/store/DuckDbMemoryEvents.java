package io.flakelens.store;

import java.lang.reflect.Field;

/**
 * Keeps DuckDB's JDBC driver from registering its Flight Recorder memory event at the first
 * connection. Registering it starts the recorder's machinery, which generates classes with its own
 * bytecode library: about 0.4 s of CPU (the work and the compiles it makes hot) in every command
 * that opens a DuckDB file, on a machine whose two cores the ingest itself keeps busy. The event
 * reports only while someone records with JFR, which a command line tool's user does not do; a
 * server under JFR can set {@code -Dflakelens.duckdb.jfr=true} to keep it.
 *
 * <p>The driver has no switch for it, so this sets the flag its registration checks ({@code
 * DuckDBMemoryMonitor.initialized}). A driver without that field is left alone: the event is then
 * registered as the driver intends, which costs time and nothing else.
 */
final class DuckDbMemoryEvents {
    private static volatile boolean done;

    private DuckDbMemoryEvents() {}

    /** Idempotent; call before the first DuckDB connection of the process. */
    static void skipRegistration() {
        if (done || Boolean.getBoolean("flakelens.duckdb.jfr")) {
            return;
        }
        done = true;
        try {
            Class<?> monitor = Class.forName("org.duckdb.DuckDBMemoryMonitor", true, Database.class.getClassLoader());
            Field initialized = monitor.getDeclaredField("initialized");
            initialized.setAccessible(true);
            synchronized (monitor) {
                initialized.setBoolean(null, true);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another driver version: its own registration runs
        }
    }
}
