package io.flakelens.store;

import java.sql.SQLException;

/** Row-at-a-time bulk loading into a staging table; values in column order. */
interface BulkWriter extends AutoCloseable {
    void row(Object... values) throws SQLException;

    /** Makes every row written so far visible to SQL on the same connection. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;
}
