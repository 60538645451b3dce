package io.flakelens.store.copy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;

/**
 * Copies the rows of a query into a table of another connection, column for column, in bulk both
 * ways; times are read as stored (UTC), never shifted by the JVM's zone.
 */
public final class RowCopy {
    private static final int FETCH = 10_000;

    /** COPY data is sent in pieces of about this size, so no copy holds more than one piece. */
    private static final int PIECE = 1 << 16;

    private RowCopy() {}

    /**
     * Appends every row of {@code rows} (a table, with a {@code where} clause when some rows are wanted)
     * on the PostgreSQL connection {@code from} to {@code table} of the DuckDB connection {@code to},
     * column for column, inside {@code from}'s current transaction (which lets the rows stream). Numbers
     * travel in PostgreSQL's binary form: a hashed 64-bit id costs eight bytes and no parsing, not twenty
     * characters. Returns the rows copied.
     */
    public static long intoDuckDb(Connection from, String rows, Connection to, String table) throws SQLException {
        try (PreparedStatement ps = from.prepareStatement("select * from " + rows)) {
            // prepared on the server at once, which is what lets the driver ask for binary results
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            ps.setFetchSize(FETCH);
            long n = 0;
            try (ResultSet rs = ps.executeQuery();
                    DuckDBAppender a = ((DuckDBConnection) to).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                int[] types = types(rs.getMetaData());
                while (rs.next()) {
                    a.beginRow();
                    for (int i = 1; i < types.length; i++) {
                        append(a, rs, i, types[i]);
                    }
                    a.endRow();
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Copies the rows of {@code select} on {@code from} into {@code table} of the PostgreSQL connection
     * {@code to} with COPY, inside {@code to}'s current transaction. Returns the rows copied.
     */
    public static long intoPostgres(Connection from, String select, Connection to, String table) throws SQLException {
        try (Statement s = from.createStatement()) {
            s.setFetchSize(FETCH);
            CopyIn in = to.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy " + table + " from stdin with (format csv, null '\\N')");
            boolean done = false;
            try (ResultSet rs = s.executeQuery(select)) {
                int[] types = types(rs.getMetaData());
                ByteArrayOutputStream piece = new ByteArrayOutputStream(PIECE + 1024);
                StringBuilder row = new StringBuilder(256);
                while (rs.next()) {
                    row.setLength(0);
                    for (int i = 1; i < types.length; i++) {
                        if (i > 1) {
                            row.append(',');
                        }
                        csv(row, rs, i, types[i]);
                    }
                    row.append('\n');
                    piece.writeBytes(row.toString().getBytes(StandardCharsets.UTF_8));
                    if (piece.size() >= PIECE) {
                        in.writeToCopy(piece.toByteArray(), 0, piece.size());
                        piece.reset();
                    }
                }
                if (piece.size() > 0) {
                    in.writeToCopy(piece.toByteArray(), 0, piece.size());
                }
                long rows = in.endCopy();
                done = true;
                return rows;
            } finally {
                if (!done && in.isActive()) {
                    in.cancelCopy();
                }
            }
        }
    }

    private static int[] types(ResultSetMetaData md) throws SQLException {
        int[] types = new int[md.getColumnCount() + 1];
        for (int i = 1; i < types.length; i++) {
            types[i] = md.getColumnType(i);
        }
        return types;
    }

    /** One value as PostgreSQL's CSV reads it: null unquoted, text always quoted. */
    private static void csv(StringBuilder row, ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                long v = rs.getLong(i);
                row.append(rs.wasNull() ? "\\N" : Long.toString(v));
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(i);
                row.append(rs.wasNull() ? "\\N" : v ? "t" : "f");
            }
            case Types.TIMESTAMP -> {
                LocalDateTime v = rs.getObject(i, LocalDateTime.class);
                row.append(v == null ? "\\N" : v.toString());
            }
            default -> {
                String v = rs.getString(i);
                if (v == null) {
                    row.append("\\N");
                } else {
                    row.append('"').append(v.replace("\"", "\"\"")).append('"');
                }
            }
        }
    }

    private static void append(DuckDBAppender a, ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.BIGINT -> {
                long v = rs.getLong(i);
                nullOr(a, rs, () -> a.append(v));
            }
            case Types.INTEGER, Types.SMALLINT -> {
                int v = rs.getInt(i);
                nullOr(a, rs, () -> a.append(v));
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(i);
                nullOr(a, rs, () -> a.append(v));
            }
            case Types.TIMESTAMP -> {
                LocalDateTime v = rs.getObject(i, LocalDateTime.class);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            }
            default -> {
                String v = rs.getString(i);
                if (v == null) {
                    a.appendNull();
                } else {
                    a.append(v);
                }
            }
        }
    }

    private interface Append {
        void run() throws SQLException;
    }

    private static void nullOr(DuckDBAppender a, ResultSet rs, Append value) throws SQLException {
        if (rs.wasNull()) {
            a.appendNull();
        } else {
            value.run();
        }
    }
}
