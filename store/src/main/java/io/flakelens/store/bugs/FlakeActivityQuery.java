package io.flakelens.store.bugs;

import io.flakelens.core.bugs.FlakeActivity;
import io.flakelens.core.bugs.Occurrence;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
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

/**
 * Occurrences per flake (test group) with {@code from < occurred_at <= to}: the window ends at the
 * policy's "now", so replaying history with {@code --now} never sees the future.
 */
public final class FlakeActivityQuery {
    private final Database db;

    public FlakeActivityQuery(Database db) {
        this.db = db;
    }

    public List<FlakeActivity> activity(Instant from, Instant to) {
        Map<String, List<Occurrence>> per = new LinkedHashMap<>();
        Map<String, String> suites = new HashMap<>();
        String sql = """
                select t.group_key, t.suite, t.name, o.kind, o.post_submit, o.change_id, o.job, o.builder, o.occurred_at,
                       u.external_id, u.url, o.run_id, t.file,
                       -- a failure's message before a skip reason of the same run
                           coalesce((select min(f.message) from failure f join result fr on fr.run_id = f.run_id
                                       and fr.test_id = f.test_id and fr.attempt = f.attempt and fr.outcome in ('F', 'E')
                            where f.run_id = o.run_id and f.test_id = o.test_id),
                           (select min(f.message) from failure f where f.run_id = o.run_id and f.test_id = o.test_id)) as message
                from flake_occurrence o join test t on t.id = o.test_id join timed_run u on u.id = o.run_id
                where o.occurred_at > ? and o.occurred_at <= ?
                order by t.group_key, o.occurred_at, o.run_id, t.suite, t.name""";
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String flake = rs.getString(1);
                    suites.putIfAbsent(flake, rs.getString(2));
                    String message = rs.getString(14);
                    per.computeIfAbsent(flake, k -> new ArrayList<>())
                            .add(new Occurrence(
                                    flake,
                                    new TestId(rs.getString(2), rs.getString(3)).id(),
                                    rs.getString(2),
                                    EvidenceKind.ofLabel(rs.getString(4)),
                                    rs.getBoolean(5),
                                    rs.getString(6),
                                    rs.getString(7),
                                    rs.getString(8),
                                    rs.getTimestamp(9).toInstant(),
                                    rs.getString(10),
                                    rs.getString(11),
                                    rs.getLong(12),
                                    message == null
                                            ? null
                                            : message.lines().findFirst().orElse(""),
                                    rs.getString(13)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read recent flake occurrences: " + e.getMessage(), e);
        }
        if (per.isEmpty()) {
            return List.of();
        }
        Map<String, Long> runs = new HashMap<>();
        String runSql = """
                select t.group_key, count(distinct r.run_id)
                from result r join timed_run u on u.id = r.run_id join test t on t.id = r.test_id
                where u.ran_at > ? and u.ran_at <= ?
                  and t.group_key in (select distinct t2.group_key from flake_occurrence o2 join test t2 on t2.id = o2.test_id
                                      where o2.occurred_at > ? and o2.occurred_at <= ?)
                group by t.group_key""";
        try (PreparedStatement ps = db.connection().prepareStatement(runSql)) {
            for (int i = 0; i < 2; i++) {
                ps.setTimestamp(1 + 2 * i, Timestamp.from(from));
                ps.setTimestamp(2 + 2 * i, Timestamp.from(to));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count runs of flaky tests: " + e.getMessage(), e);
        }
        List<FlakeActivity> out = new ArrayList<>();
        per.forEach((flake, occ) ->
                out.add(new FlakeActivity(flake, suites.get(flake), occ, runs.getOrDefault(flake, 0L))));
        return out;
    }
}
