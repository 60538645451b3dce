package io.flakelens.store.detect;

import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** The ranked list's rows from the store itself. */
record JdbcFlakeRows(Database db) implements FlakeRows {
    @Override
    public void each(String sql, List<Object> args, Consumer<Row> row) {
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Instant t) {
                    ps.setTimestamp(i + 1, Timestamp.from(t));
                } else {
                    ps.setString(i + 1, (String) a);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                Row r = new Row() {
                    @Override
                    public Object key(int column) {
                        return get(() -> rs.getObject(column));
                    }

                    @Override
                    public String text(int column) {
                        return get(() -> rs.getString(column));
                    }

                    @Override
                    public long number(int column) {
                        return get(() -> rs.getLong(column));
                    }

                    @Override
                    public boolean flag(int column) {
                        return get(() -> rs.getBoolean(column));
                    }

                    @Override
                    public Instant instant(int column) {
                        return get(() -> {
                            Timestamp t = rs.getTimestamp(column);
                            return t == null ? null : t.toInstant();
                        });
                    }
                };
                while (rs.next()) {
                    row.accept(r);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list flaky tests: " + e.getMessage(), e);
        }
    }

    private interface Column<T> {
        T read() throws SQLException;
    }

    private static <T> T get(Column<T> c) {
        try {
            return c.read();
        } catch (SQLException e) {
            throw new StoreException("cannot list flaky tests: " + e.getMessage(), e);
        }
    }
}
