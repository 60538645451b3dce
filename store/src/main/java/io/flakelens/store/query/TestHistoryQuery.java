package io.flakelens.store.query;

import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Looks up one test's history. */
public final class TestHistoryQuery {
    private final Database db;

    public TestHistoryQuery(Database db) {
        this.db = db;
    }

    /** The history, or empty when no such test is stored. At most {@code limit} runs, newest first. */
    public Optional<TestHistory> find(String id, int limit) {
        TestId tid = TestId.parse(id);
        Connection c = db.connection();
        try {
            String group;
            String file;
            try (PreparedStatement ps = c.prepareStatement("select group_key, file from test where id = ?")) {
                ps.setLong(1, tid.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    group = rs.getString(1);
                    file = rs.getString(2);
                }
            }
            List<TestHistory.RunOutcome> runs = new ArrayList<>();
            Map<String, long[]> builders = new TreeMap<>();
            Map<Instant, long[]> weeks = new TreeMap<>();
            String sql = """
                    select u.external_id, u.job, u.builder, u.revision, u.change_id, u.patchset,
                           u.ran_at as ts,
                           string_agg(r.outcome, '' order by r.attempt) as attempts,
                           (select min(o.kind) from flake_occurrence o where o.run_id = u.id and o.test_id = r.test_id),
                           -- a failure's message before a skip reason of the same run
                           coalesce((select min(f.message) from failure f join result fr on fr.run_id = f.run_id
                                       and fr.test_id = f.test_id and fr.attempt = f.attempt and fr.outcome in ('F', 'E')
                            where f.run_id = u.id and f.test_id = r.test_id),
                           (select min(f.message) from failure f where f.run_id = u.id and f.test_id = r.test_id))
                    from result r join timed_run u on u.id = r.run_id
                    where r.test_id = ?
                    group by u.id, u.external_id, u.job, u.builder, u.revision, u.change_id, u.patchset,
                             u.ran_at, r.test_id
                    order by ts desc""";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, tid.key());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant at = rs.getTimestamp(7).toInstant();
                        String attempts = rs.getString(8);
                        String verdict = verdict(attempts);
                        String evidence = rs.getString(9);
                        String builder = rs.getString(3) == null ? "(none)" : rs.getString(3);
                        fold(builders.computeIfAbsent(builder, k -> new long[4]), verdict, evidence);
                        Instant week = at.atZone(ZoneOffset.UTC)
                                .toLocalDate()
                                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC);
                        fold(weeks.computeIfAbsent(week, k -> new long[4]), verdict, evidence);
                        if (runs.size() < limit) {
                            runs.add(new TestHistory.RunOutcome(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    at.truncatedTo(ChronoUnit.SECONDS),
                                    attempts,
                                    verdict,
                                    evidence,
                                    rs.getString(10)));
                        }
                    }
                }
            }
            List<TestHistory.BuilderSummary> bs = new ArrayList<>();
            builders.forEach((b, n) -> bs.add(new TestHistory.BuilderSummary(b, n[0], n[1], n[2], n[3])));
            List<TestHistory.WeekSummary> ws = new ArrayList<>();
            weeks.forEach((w, n) -> ws.add(new TestHistory.WeekSummary(w, n[0], n[1], n[2], n[3])));
            return Optional.of(new TestHistory(tid, group, file, runs, bs, ws));
        } catch (SQLException e) {
            throw new StoreException("cannot read the history of " + id + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@code n} stored test ids containing {@code fragment}, for "did you mean". */
    public List<String> similar(String fragment, int n) {
        String needle = fragment;
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection()
                .prepareStatement(
                        "select suite, name from test where lower(suite || '::' || name) like ? order by suite, name limit "
                                + n)) {
            ps.setString(1, "%" + needle.toLowerCase().replace("%", "").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TestId(rs.getString(1), rs.getString(2)).id());
                }
            }
        } catch (SQLException e) {
            return List.of();
        }
        return out;
    }

    static String verdict(String attempts) {
        boolean failed = attempts.indexOf('F') >= 0 || attempts.indexOf('E') >= 0;
        boolean passed = attempts.indexOf('P') >= 0;
        if (failed) {
            return passed ? "flaky" : "failed";
        }
        return passed ? "passed" : "skipped";
    }

    private static void fold(long[] n, String verdict, String evidence) {
        if (verdict.equals("skipped")) {
            return;
        }
        n[0]++;
        if (verdict.equals("failed")) {
            n[1]++;
        } else if (verdict.equals("flaky")) {
            n[2]++;
        }
        if (evidence != null) {
            n[3]++;
        }
    }
}
