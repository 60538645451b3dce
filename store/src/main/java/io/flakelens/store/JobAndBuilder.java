package io.flakelens.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The job and builder a listing is narrowed to, null meaning any: written once as SQL conditions
 * on a table's {@code job} and {@code builder} columns, and bound in the same order.
 */
public record JobAndBuilder(String job, String builder) {
    /** {@code " and a.job = ? and a.builder = ?"}, each only when set; {@code alias} may be empty. */
    public String sql(String alias) {
        String p = alias.isEmpty() ? "" : alias + ".";
        return (job != null ? " and " + p + "job = ?" : "") + (builder != null ? " and " + p + "builder = ?" : "");
    }

    /** Binds the conditions of {@link #sql} from parameter {@code next} on; returns the next free one. */
    public int bind(PreparedStatement ps, int next) throws SQLException {
        if (job != null) {
            ps.setString(next++, job);
        }
        if (builder != null) {
            ps.setString(next++, builder);
        }
        return next;
    }
}
