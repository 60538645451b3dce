package io.flakelens.store.export;

import io.flakelens.store.copy.RowCopy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * A window of a PostgreSQL store copied into an in-memory DuckDB of the same schema, so DuckDB's
 * Parquet writer exports it as it exports its own files. One transaction reads the whole window, so
 * its tables agree with each other.
 */
final class InMemoryCopy {
    private InMemoryCopy() {}

    static void of(Connection from, Connection to, LocalDate first, LocalDate until) throws SQLException {
        String window = "select id from timed_run where ran_at >= timestamp '" + first.atStartOfDay()
                + "' and ran_at < timestamp '" + until.atStartOfDay() + "'";
        boolean auto = from.getAutoCommit();
        from.setAutoCommit(false);
        try {
            RowCopy.intoDuckDb(from, "run where id in (" + window + ")", to, "run");
            RowCopy.intoDuckDb(from, "result where run_id in (" + window + ")", to, "result");
            RowCopy.intoDuckDb(from, "failure where run_id in (" + window + ")", to, "failure");
            RowCopy.intoDuckDb(
                    from,
                    "test where id in (select distinct test_id from result where run_id in (" + window + "))",
                    to,
                    "test");
            from.commit();
        } finally {
            from.setAutoCommit(auto);
        }
    }
}
