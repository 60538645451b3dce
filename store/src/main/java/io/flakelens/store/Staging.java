package io.flakelens.store;

import java.util.List;

/**
 * The staging tables of an ingest session: the real tables' columns plus the sequence number of
 * the report file a row came from, so a rejected file's rows can be dropped alone.
 */
final class Staging {
    static final List<String> DDL = List.of(
            "create temporary table stage_test (file_seq integer, id bigint, suite varchar, name varchar,"
                    + " group_key varchar, file varchar)",
            "create temporary table stage_result (file_seq integer, run_id bigint, test_id bigint,"
                    + " attempt integer, outcome varchar, duration_ms bigint)",
            "create temporary table stage_failure (file_seq integer, run_id bigint, test_id bigint,"
                    + " attempt integer, type varchar, message varchar, detail varchar, text_hash bigint)");

    private Staging() {
    }
}
