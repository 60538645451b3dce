package io.flakelens.store.query;

import io.flakelens.store.Database;
import io.flakelens.store.JobAndBuilder;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Lists the tests detection found failing consistently, one row per test, job and builder. */
public final class ConsistentFailureQuery {
    private final Database db;

    public ConsistentFailureQuery(Database db) {
        this.db = db;
    }

    private record Key(long test, String job, String builder) {}

    /** The most recently failing first; at most {@code limit} rows, 0 for all. */
    public List<ConsistentFailure> list(Instant since, String job, String builder, int limit) {
        String filters = new JobAndBuilder(job, builder).sql("u");
        String groups = """
                select c.test_id, u.job, u.builder, t.suite, t.name, count(*) as runs,
                       min(u.ran_at) as first, max(u.ran_at) as last
                from consistent_failure c join timed_run u on u.id = c.run_id join test t on t.id = c.test_id
                where u.ran_at >= ?""" + filters + """
                 group by c.test_id, u.job, u.builder, t.suite, t.name
                order by last desc, runs desc, t.suite, t.name""" + (limit > 0 ? " limit " + limit : "");
        Map<Key, Object[]> rows = new LinkedHashMap<>();
        try {
            try (PreparedStatement ps = db.connection().prepareStatement(groups)) {
                bind(ps, since, job, builder);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(new Key(rs.getLong(1), rs.getString(2), rs.getString(3)), new Object[] {
                            rs.getString(4),
                            rs.getString(5),
                            rs.getLong(6),
                            rs.getTimestamp(7).toInstant(),
                            rs.getTimestamp(8).toInstant()
                        });
                    }
                }
            }
            if (rows.isEmpty()) {
                return List.of();
            }
            String ids = rows.keySet().stream()
                    .map(k -> String.valueOf(k.test()))
                    .distinct()
                    .collect(Collectors.joining(","));
            // the latest failing run of each row, and its message
            Map<Key, long[]> latestRun = new HashMap<>();
            Map<Key, String> latestExternal = new HashMap<>();
            try (PreparedStatement ps = db.connection().prepareStatement("""
                    select c.test_id, u.job, u.builder, u.id, u.external_id, u.ran_at
                    from consistent_failure c join timed_run u on u.id = c.run_id
                    where c.test_id in (%s) and u.ran_at >= ?%s""".formatted(ids, filters))) {
                bind(ps, since, job, builder);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Key k = new Key(rs.getLong(1), rs.getString(2), rs.getString(3));
                        long at = rs.getTimestamp(6).getTime();
                        long[] cur = latestRun.get(k);
                        if (rows.containsKey(k)
                                && (cur == null || at > cur[1] || at == cur[1] && rs.getLong(4) > cur[0])) {
                            latestRun.put(k, new long[] {rs.getLong(4), at});
                            latestExternal.put(k, rs.getString(5));
                        }
                    }
                }
            }
            Map<String, String> messages = new HashMap<>();
            String runIds = latestRun.values().stream()
                    .map(r -> String.valueOf(r[0]))
                    .distinct()
                    .collect(Collectors.joining(","));
            try (PreparedStatement ps = db.connection()
                            .prepareStatement("select run_id, test_id, min(message)"
                                    + " from failure where run_id in (" + runIds + ") and test_id in (" + ids + ")"
                                    + " group by run_id, test_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    messages.put(rs.getLong(1) + "/" + rs.getLong(2), rs.getString(3));
                }
            }
            Map<Key, Instant> lastPassed = new HashMap<>();
            try (PreparedStatement ps = db.connection().prepareStatement("""
                    select r.test_id, u.job, u.builder, max(u.ran_at)
                    from result r join timed_run u on u.id = r.run_id
                    where r.test_id in (%s) and r.outcome = 'P' group by r.test_id, u.job, u.builder""".formatted(ids));
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastPassed.put(
                            new Key(rs.getLong(1), rs.getString(2), rs.getString(3)),
                            rs.getTimestamp(4).toInstant());
                }
            }
            List<ConsistentFailure> out = new ArrayList<>(rows.size());
            for (Map.Entry<Key, Object[]> e : rows.entrySet()) {
                Key k = e.getKey();
                Object[] v = e.getValue();
                long[] run = latestRun.get(k);
                out.add(new ConsistentFailure(
                        k.job(),
                        k.builder(),
                        (String) v[0],
                        (String) v[1],
                        (Long) v[2],
                        (Instant) v[3],
                        (Instant) v[4],
                        lastPassed.get(k),
                        run == null ? null : messages.get(run[0] + "/" + k.test()),
                        latestExternal.get(k)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list consistent failures: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Instant since, String job, String builder) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(since));
        new JobAndBuilder(job, builder).bind(ps, 2);
    }
}
