package io.flakelens.store.query;

import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.JobAndBuilder;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each flaky test lives and mostly flakes: its source file and the job with the most of its
 * occurrences in the window (ties to the first job by name), the facts owner rules look at. Keyed
 * by test id, and by group key for listings that fold parameterised variants.
 */
public final class TestPlaceQuery {
    /** The file may be null (many reports do not name it); the job is null only for runs without a job. */
    public record Place(String file, String job) {}

    private final Database db;

    public TestPlaceQuery(Database db) {
        this.db = db;
    }

    public Map<String, Place> places(Instant since, String job, String builder, boolean byGroup) {
        String sql = "select t.suite, t.name, t.group_key, t.file, o.job, count(*) from flake_occurrence o"
                + " join test t on t.id = o.test_id where o.occurred_at >= ?"
                + new JobAndBuilder(job, builder).sql("o")
                + " group by t.suite, t.name, t.group_key, t.file, o.job";
        Map<String, Map<String, Long>> jobs = new HashMap<>();
        Map<String, String> files = new HashMap<>();
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(since == null ? Instant.EPOCH : since));
            new JobAndBuilder(job, builder).bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = byGroup ? rs.getString(3) : new TestId(rs.getString(1), rs.getString(2)).id();
                    if (rs.getString(4) != null) {
                        files.merge(key, rs.getString(4), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                    }
                    jobs.computeIfAbsent(key, k -> new TreeMap<>())
                            .merge(rs.getString(5) == null ? "" : rs.getString(5), rs.getLong(6), Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read where flaky tests ran: " + e.getMessage(), e);
        }
        Map<String, Place> out = new HashMap<>();
        jobs.forEach((k, perJob) -> {
            // TreeMap order: of equally busy jobs the first by name wins, so the answer is stable
            String top = perJob.entrySet().stream()
                    .max((a, b) -> Long.compare(a.getValue(), b.getValue()) != 0
                            ? Long.compare(a.getValue(), b.getValue())
                            : b.getKey().compareTo(a.getKey()))
                    .orElseThrow()
                    .getKey();
            out.put(k, new Place(files.get(k), top.isEmpty() ? null : top));
        });
        return out;
    }
}
