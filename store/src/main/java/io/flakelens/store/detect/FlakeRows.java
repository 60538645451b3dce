package io.flakelens.store.detect;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the ranked list reads its grouped rows from: a store over JDBC, or any engine that runs the
 * same SQL over the same tables ({@code flake_occurrence}, {@code test}, {@code setup_flake},
 * {@code result}, {@code timed_run}). Arguments are positional ({@code ?}): instants and strings.
 */
public interface FlakeRows {
    void each(String sql, List<Object> args, Consumer<Row> row);

    /** One row; columns count from 1 as in JDBC. */
    interface Row {
        /** A grouping key: a test id (a long) or a group key (a string), equal across one engine's queries. */
        Object key(int column);

        String text(int column);

        long number(int column);

        boolean flag(int column);

        Instant instant(int column);
    }
}
