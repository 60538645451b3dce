package io.flakelens.store.detect;

import io.flakelens.store.Database;
import io.flakelens.store.copy.RowCopy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Where the derived half of a pass over a PostgreSQL store runs: an in-process DuckDB holding a copy of
 * what those steps read. They read every kept verdict through windows and hash joins, work a columnar
 * engine does several times faster than PostgreSQL's row executor. Only the rows that differ from
 * the stored derived tables are written back.
 *
 * <p>A long-running process (the server) keeps the copy between passes: bringing it up to date costs
 * the rows of the runs read since, not a copy of every verdict (12 s at eight million). It is used only
 * while the store's detection state is the one its last pass committed: another instance's pass, an
 * import, a rebuild or a pass that failed halfway makes the next pass copy everything again. Without
 * one, a pass makes a copy for itself and closes it.
 */
public final class DerivationCopy implements AutoCloseable {
    /** What the derived statements read, besides the runs and the candidate tests. */
    private static final List<String> KEPT =
            List.of("run_test_verdict", "run_size", "run_suite_failure", "run_code", "test_code");

    /**
     * The runs read this pass, the tests that became candidates, the kept verdicts the pass wrote and the
     * tests' codes it derived again, as the store's pass names them.
     */
    private static final String DIRTY = "d_dirty";

    private static final String NEW_CANDIDATES = "d_new_cand";
    private static final String NEW_VERDICTS = "d_verdict";
    private static final String TOUCHED_CODES = "d_touch";
    private static final String NEW_CODES = "d_test_code";
    /** The kept tables with a row (or rows) per run. */
    private static final List<String> BY_RUN = List.of("run_test_verdict", "run_size", "run_suite_failure", "run_code");

    private static final String CANDIDATE_VERDICTS = "d_cand_verdict";

    /**
     * How many cores the copy derives on unless told otherwise ({@link #threads(IntSupplier)}): all of
     * them, as a pass run by hand or on an idle server has nothing to share them with.
     */
    static final int THREADS = Runtime.getRuntime().availableProcessors();

    private volatile IntSupplier cores = () -> THREADS;
    /** The cores the copy derives on now, as last set in it. */
    private volatile int threads = THREADS;

    private Database copy;
    /** The store's detection state this copy matches, or null when it may match none. */
    private String state;

    /**
     * Runs {@code steps} (statements that derive every {@link Derived} table into its shadow from the
     * kept tables) over the copy, inside {@code store}'s current transaction, and writes to {@code store}
     * what they derived differently. {@code stateBefore} is the store's detection state as the pass
     * found it; {@code whole} says the pass rebuilt the kept tables, so that nothing of an older copy
     * holds.
     */
    void derive(Connection store, String stateBefore, boolean whole, List<String> steps) throws SQLException {
        boolean current = copy != null && !whole && stateBefore.equals(state);
        state = null;
        long t = System.nanoTime();
        if (current) {
            copyChanges(store);
            FlakeDetection.trace("copy what changed into DuckDB", t);
        } else {
            close();
            copy = Database.open(":memory:");
            try (Statement m = copy.connection().createStatement()) {
                // Nothing here reads rows in the order they were written: letting DuckDB write its
                // temporary tables in any order took d_code from 1.5 s to 0.9 s at eight million verdicts.
                m.execute("set preserve_insertion_order = false");
            }
            copyAll(store);
            FlakeDetection.trace("copy the kept tables into DuckDB", t);
        }
        if (!whole) {
            copyScope(store);
        }
        try (Statement m = copy.connection().createStatement();
                Statement s = store.createStatement()) {
            int set = 0;
            for (String step : steps) {
                // Asked before every step, not once a pass: a server's pass that starts during a
                // burst of uploads leaves them a core, and takes it back for its remaining steps as
                // soon as the burst ends, which is when someone waits for what it will show.
                int n = Math.max(1, cores.getAsInt());
                if (n != set) {
                    m.execute("set threads = " + n);
                    set = n;
                    threads = n;
                }
                FlakeDetection.execute(m, List.of(step));
            }
            for (Derived d : Derived.ALL) {
                long w = System.nanoTime();
                s.execute("create temporary table d_gone as select " + d.key() + " from " + d.table() + " limit 0");
                RowCopy.intoPostgres(copy.connection(), d.gone(), store, "d_gone");
                s.execute("delete from " + d.table() + " t using d_gone g where " + d.match());
                s.execute("drop table d_gone");
                RowCopy.intoPostgres(copy.connection(), d.added(), store, d.table());
                FlakeDetection.execute(m, d.apply());
                FlakeDetection.trace("write back what changed in " + d.table(), w);
            }
        }
    }

    /**
     * How many cores each derivation step runs on (at least one), asked again before every step; a
     * server gives fewer while uploads are in flight.
     */
    public void threads(IntSupplier cores) {
        this.cores = cores;
    }

    /** The cores the last derivation step ran on. */
    public int threads() {
        return threads;
    }

    /** The pass committed, leaving the store in {@code stateAfter}: the copy matches it. */
    void committed(String stateAfter) {
        state = stateAfter;
    }

    private void copyAll(Connection store) throws SQLException {
        Connection duck = copy.connection();
        RowCopy.intoDuckDb(store, "run", duck, "run");
        RowCopy.intoDuckDb(store, "test where id in (select test_id from candidate_test)", duck, "test");
        for (String table : KEPT) {
            RowCopy.intoDuckDb(store, table, duck, table);
        }
        for (Derived d : Derived.ALL) {
            RowCopy.intoDuckDb(store, d.table(), duck, d.table());
        }
    }

    /**
     * The store's pass rewrote the kept rows of the runs it read and added the verdicts of the tests
     * that became candidates: the copy takes the same rows. A run's own columns may have changed with
     * its new report too, and the derived tables already match (written by the last pass, here).
     */
    private void copyChanges(Connection store) throws SQLException {
        Connection duck = copy.connection();
        try (Statement m = duck.createStatement()) {
            m.execute("drop table if exists c_dirty");
            m.execute("create temporary table c_dirty (run_id bigint)");
            RowCopy.intoDuckDb(store, DIRTY, duck, "c_dirty");
            m.execute("delete from run where id in (select run_id from c_dirty)");
            RowCopy.intoDuckDb(store, "run where id in (select run_id from " + DIRTY + ")", duck, "run");
            RowCopy.intoDuckDb(store, "test where id in (select test_id from " + NEW_CANDIDATES + ")", duck, "test");
            for (String table : BY_RUN) {
                m.execute("delete from " + table + " where run_id in (select run_id from c_dirty)");
            }
            RowCopy.intoDuckDb(store, NEW_VERDICTS, duck, "run_test_verdict");
            RowCopy.intoDuckDb(store, CANDIDATE_VERDICTS, duck, "run_test_verdict");
            for (String table : List.of("run_size", "run_suite_failure", "run_code")) {
                RowCopy.intoDuckDb(store, table + " where run_id in (select run_id from " + DIRTY + ")", duck, table);
            }
            m.execute("drop table if exists c_touch");
            m.execute(
                    "create temporary table c_touch as select test_id, job_k, builder_k, equiv from test_code limit 0");
            RowCopy.intoDuckDb(store, TOUCHED_CODES, duck, "c_touch");
            m.execute("""
                    delete from test_code t using c_touch k
                    where t.test_id = k.test_id and t.job_k = k.job_k and t.builder_k = k.builder_k
                      and t.equiv = k.equiv""");
            RowCopy.intoDuckDb(store, NEW_CODES, duck, "test_code");
            m.execute("drop table c_touch");
            m.execute("drop table c_dirty");
        }
    }

    /** What the store's pass found its new runs can change ({@link FlakeDetection#SCOPE}). */
    private void copyScope(Connection store) throws SQLException {
        Connection duck = copy.connection();
        try (Statement m = duck.createStatement()) {
            m.execute("drop table if exists d_scope_test");
            m.execute("create temporary table d_scope_test (test_id bigint)");
            m.execute("drop table if exists d_scope_change");
            m.execute("create temporary table d_scope_change (change_id varchar)");
        }
        RowCopy.intoDuckDb(store, "d_scope_test", duck, "d_scope_test");
        RowCopy.intoDuckDb(store, "d_scope_change", duck, "d_scope_change");
    }

    /** The store's detection state: what its last pass (or import) recorded, as one comparable text. */
    static String state(Connection store) throws SQLException {
        try (Statement s = store.createStatement();
                ResultSet rs =
                        s.executeQuery("select results, runs, detected_at, basis from detection_state where id = 1")) {
            return rs.next() ? rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getString(3) + "/" + rs.getString(4) : "";
        }
    }

    @Override
    public void close() {
        state = null;
        if (copy != null) {
            Database c = copy;
            copy = null;
            c.close();
        }
    }
}
