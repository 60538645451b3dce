package io.flakelens.store.detect;

import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakeRanking;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads the ranked flaky-test list from the occurrences detection left. */
public final class FlakeQueries {
    private final Database db;
    private final FlakeScore score;

    public FlakeQueries(Database db, FlakeScore score) {
        this.db = db;
        this.score = score;
    }

    private static final class Acc {
        final List<EvidenceCount> evidence = new ArrayList<>();
        final EnumSet<EvidenceKind> kinds = EnumSet.noneOf(EvidenceKind.class);
        final TreeMap<String, Long> builders = new TreeMap<>();
        long occurrences;
        long wholeSuite;
        long runs;
        long failures;
        Instant first;
        Instant last;
    }

    public List<FlakyTest> flakes(FlakeFilter f) {
        return flakes(f, false);
    }

    /**
     * The ranked list. With {@code byGroup}, parameterised variants count as one flake (Findit's
     * grouping): distinct changes and runs are counted over the whole group, not summed per variant.
     */
    public List<FlakyTest> flakes(FlakeFilter f, boolean byGroup) {
        Connection c = db.connection();
        String key = byGroup ? "t.group_key" : "o.test_id";
        String from = " from flake_occurrence o join test t on t.id = o.test_id";
        Map<Object, Acc> acc = new HashMap<>();
        Map<Object, Long> changes = new HashMap<>();
        Map<Object, Long> members = new HashMap<>();
        String where = " where o.occurred_at >= ?" + f.scope().sql("o");
        try {
            try (PreparedStatement ps = c.prepareStatement("select " + key + ", o.kind, o.post_submit, count(*),"
                    + " count(distinct o.change_id), min(o.occurred_at), max(o.occurred_at), count(sf.run_id)" + from
                    + " left join setup_flake sf on sf.run_id = o.run_id and sf.suite = t.suite" + where
                    + " group by " + key + ", o.kind, o.post_submit")) {
                bind(ps, f);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Acc a = acc.computeIfAbsent(rs.getObject(1), k -> new Acc());
                        EvidenceKind kind = EvidenceKind.ofLabel(rs.getString(2));
                        a.evidence.add(new EvidenceCount(kind, rs.getBoolean(3), rs.getLong(4), rs.getLong(5)));
                        a.kinds.add(kind);
                        a.occurrences += rs.getLong(4);
                        a.wholeSuite += rs.getLong(8);
                        Instant first = rs.getTimestamp(6).toInstant();
                        Instant last = rs.getTimestamp(7).toInstant();
                        a.first = a.first == null || first.isBefore(a.first) ? first : a.first;
                        a.last = a.last == null || last.isAfter(a.last) ? last : a.last;
                    }
                }
            }
            if (acc.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("select " + key + ", count(distinct o.change_id),"
                    + " count(distinct o.test_id)" + from + where + " group by " + key)) {
                bind(ps, f);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.put(rs.getObject(1), rs.getLong(2));
                        members.put(rs.getObject(1), rs.getLong(3));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select " + key + ", coalesce(o.builder, '(none)'), count(*)"
                    + from + where + " group by " + key + ", o.builder")) {
                bind(ps, f);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        acc.get(rs.getObject(1)).builders.merge(rs.getString(2), rs.getLong(3), Long::sum);
                    }
                }
            }
            // Which stored tests the listed keys cover, so runs and failures count over exactly them.
            Map<Long, Object> testKeys = new HashMap<>();
            Map<Object, String[]> names = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select distinct t.id, " + key + ", t.suite, t.name," + " t.group_key" + from + where)) {
                bind(ps, f);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        testKeys.put(rs.getLong(1), rs.getObject(2));
                        names.putIfAbsent(
                                rs.getObject(2), new String[] {rs.getString(3), rs.getString(4), rs.getString(5)});
                    }
                }
            }
            String ids = testKeys.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
            String runWhere = " and u.ran_at >= ?" + f.scope().sql("u");
            String runKey = byGroup ? "t.group_key" : "r.test_id";
            try (PreparedStatement ps = c.prepareStatement("select " + runKey + ", count(distinct r.run_id),"
                    + " count(distinct case when r.outcome in ('F', 'E') then r.run_id end)"
                    + " from result r join timed_run u on u.id = r.run_id join test t on t.id = r.test_id"
                    + " where r.test_id in (" + ids + ")" + runWhere + " group by " + runKey)) {
                bind(ps, f);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Acc a = acc.get(rs.getObject(1));
                        if (a != null) {
                            a.runs = rs.getLong(2);
                            a.failures = rs.getLong(3);
                        }
                    }
                }
            }
            List<FlakyTest> out = new ArrayList<>(acc.size());
            for (Map.Entry<Object, Acc> e : acc.entrySet()) {
                Acc a = e.getValue();
                String[] n = names.get(e.getKey());
                TestId id = byGroup ? TestId.parse(n[2]) : new TestId(n[0], n[1]);
                out.add(new FlakyTest(
                        id,
                        n[2],
                        score.score(a.evidence),
                        List.copyOf(a.kinds),
                        List.copyOf(a.evidence),
                        a.occurrences,
                        changes.getOrDefault(e.getKey(), 0L),
                        a.runs,
                        a.failures,
                        a.builders,
                        a.first,
                        a.last,
                        members.getOrDefault(e.getKey(), 1L),
                        a.wholeSuite));
            }
            return FlakeRanking.rank(out, f.limit());
        } catch (SQLException e) {
            throw new StoreException("cannot list flaky tests: " + e.getMessage(), e);
        }
    }

    /** Ids of every test that failed at least once: the most any detector could ever flag. */
    public java.util.Set<String> testsThatFailed() {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (PreparedStatement ps = db.connection()
                        .prepareStatement("select t.suite, t.name from test t where t.id in"
                                + " (select distinct test_id from result where outcome in ('F', 'E'))");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TestId(rs.getString(1), rs.getString(2)).id());
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list failed tests: " + e.getMessage(), e);
        }
        return out;
    }

    private static void bind(PreparedStatement ps, FlakeFilter f) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(f.since() == null ? Instant.EPOCH : f.since()));
        f.scope().bind(ps, 2);
    }
}
