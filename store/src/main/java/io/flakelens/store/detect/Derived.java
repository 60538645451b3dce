package io.flakelens.store.detect;

import java.util.List;

/**
 * A table a pass derives, and how a pass writes only what changed in it: the pass derives the table
 * whole into a shadow ({@link #SHADOW} before its name), then the stored rows it no longer derives as
 * they are ({@link #gone}) are deleted by their key and the rows it derives anew ({@link #added}) are
 * inserted. A pass that changes a few occurrences rewrites a few rows, not the table: DuckDB's log
 * stays small (a whole rewrite per pass made every few passes pay for a checkpoint) and PostgreSQL
 * keeps no dead copy of every row.
 *
 * @param key   the columns that identify one row
 * @param match {@code key} compared between the stored table {@code t} and the keys gone {@code g}
 */
record Derived(String table, String key, String match) {
    static final String SHADOW = "d_new_";

    static final List<Derived> ALL = List.of(
            new Derived("flake_occurrence", "run_id, test_id", "t.run_id = g.run_id and t.test_id = g.test_id"),
            new Derived(
                    "infra_run",
                    "run_id, kind, suite",
                    "t.run_id = g.run_id and t.kind = g.kind and coalesce(t.suite, '') = coalesce(g.suite, '')"),
            new Derived("setup_flake", "run_id, suite", "t.run_id = g.run_id and t.suite = g.suite"),
            new Derived("consistent_failure", "run_id, test_id", "t.run_id = g.run_id and t.test_id = g.test_id"));

    String shadow() {
        return SHADOW + table;
    }

    /** The keys of the stored rows that the pass derived differently or not at all. */
    String gone() {
        return "select " + key + " from (select * from " + table + " except select * from " + shadow() + ") x";
    }

    /** The rows the pass derived that are not stored as they are. */
    String added() {
        return "select * from " + shadow() + " except select * from " + table;
    }

    /** Statements that bring the stored table to its shadow, in the same database. */
    List<String> apply() {
        return List.of(
                "delete from " + table + " t using (" + gone() + ") g where " + match,
                "insert into " + table + " " + added());
    }
}
