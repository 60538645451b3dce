package io.flakelens.store.cluster;

import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the stored failures with their detection labels, and records clusters. */
public final class ClusterStore {
    /** One cluster's description, as {@code failure_cluster} keeps it. */
    public record ClusterRow(
            String id, String algorithm, int size, String template, String site, int tests, Double flakeShare) {}

    /** One failure's cluster. */
    public record Assignment(long runId, long testId, int attempt, String cluster) {}

    private static final int BATCH = 5_000;
    private static final int FETCH = 2_000;
    private final Database db;

    public ClusterStore(Database db) {
        this.db = db;
    }

    /**
     * Every stored failed or errored attempt, oldest run first, with the label detection gives it,
     * handed over one at a time as the database returns them (PostgreSQL in fetches of {@value #FETCH}
     * rows), so that a store with millions of failures is never held in memory whole.
     */
    public void eachFailure(java.util.function.Consumer<StoredFailure> each) {
        eachFailure(null, null, each);
    }

    /**
     * The same for the runs started at or after {@code since} (null: all) of {@code job} (null: every
     * job): a day's failures, as Kubernetes triage clusters them.
     */
    public void eachFailure(Instant since, String job, java.util.function.Consumer<StoredFailure> each) {
        // PostgreSQL streams a result only inside a transaction; otherwise it reads all rows first
        db.inTransaction("read the stored failures", c -> {
            try (Statement s = c.createStatement()) {
                Set<Pair> flaky = pairs(s, "select distinct run_id, test_id from flake_occurrence");
                Set<Long> infra = new HashSet<>();
                try (ResultSet rs = s.executeQuery("select distinct run_id from infra_run")) {
                    while (rs.next()) {
                        infra.add(rs.getLong(1));
                    }
                }
                String sql = "select f.run_id, f.test_id, f.attempt, f.type, f.message, f.detail,"
                        + " t.suite, t.name, r.job from failure f join test t on t.id = f.test_id"
                        + " join timed_run r on r.id = f.run_id"
                        // the failure table also keeps skip reasons; a skip is not a failure mode
                        + " join result o on o.run_id = f.run_id and o.test_id = f.test_id and o.attempt = f.attempt"
                        + " and o.outcome in ('F', 'E')"
                        // a run without a start time counts from when it was stored, as every listing does
                        + (since == null ? "" : " and r.ran_at >= ?")
                        + (job == null ? "" : " and r.job = ?")
                        + " order by r.ran_at, f.run_id, f.test_id, f.attempt";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setFetchSize(FETCH);
                    int p = 1;
                    if (since != null) {
                        ps.setTimestamp(p++, Timestamp.from(since));
                    }
                    if (job != null) {
                        ps.setString(p, job);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long run = rs.getLong(1);
                            long test = rs.getLong(2);
                            String suite = rs.getString(7);
                            String name =
                                    suite == null || suite.isEmpty() ? rs.getString(8) : suite + "::" + rs.getString(8);
                            Boolean label = infra.contains(run) ? null : flaky.contains(new Pair(run, test));
                            each.accept(new StoredFailure(
                                    run,
                                    test,
                                    rs.getInt(3),
                                    name,
                                    rs.getString(9),
                                    text(rs.getString(4), rs.getString(5), rs.getString(6)),
                                    label));
                        }
                    }
                }
            }
        });
    }

    /** Replaces every failure's cluster and the cluster descriptions, in one transaction. */
    public void record(List<Assignment> assignments, List<ClusterRow> clusters) {
        db.inTransaction("record the clusters", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table cluster_assignment (run_id bigint, test_id bigint,"
                        + " attempt integer, cluster varchar)");
                try (PreparedStatement ps = c.prepareStatement("insert into cluster_assignment values (?, ?, ?, ?)")) {
                    int n = 0;
                    for (Assignment a : assignments) {
                        ps.setLong(1, a.runId());
                        ps.setLong(2, a.testId());
                        ps.setInt(3, a.attempt());
                        ps.setString(4, a.cluster());
                        ps.addBatch();
                        if (++n % BATCH == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                s.execute("update failure set cluster = null where cluster is not null");
                s.execute(
                        "update failure set cluster = a.cluster from cluster_assignment a where failure.run_id = a.run_id"
                                + " and failure.test_id = a.test_id and failure.attempt = a.attempt");
                s.execute("drop table cluster_assignment");
                s.execute("delete from failure_cluster");
                try (PreparedStatement ps =
                        c.prepareStatement("insert into failure_cluster values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    int n = 0;
                    for (ClusterRow k : clusters) {
                        ps.setString(1, k.id());
                        ps.setString(2, k.algorithm());
                        ps.setInt(3, k.size());
                        ps.setString(4, k.template());
                        ps.setString(5, k.site());
                        ps.setInt(6, k.tests());
                        if (k.flakeShare() == null) {
                            ps.setNull(7, java.sql.Types.DOUBLE);
                        } else {
                            ps.setDouble(7, k.flakeShare());
                        }
                        ps.setTimestamp(8, now);
                        ps.addBatch();
                        if (++n % BATCH == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
        });
    }

    /** The clusters each test's failures fall in, for one test: its distinct failure modes. */
    public List<ClusterRow> clustersOf(long testId) {
        List<ClusterRow> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection()
                .prepareStatement("select k.id, k.algorithm, count(*), k.template,"
                        + " k.site, k.tests, k.flake_share from failure f join failure_cluster k on k.id = f.cluster"
                        + " where f.test_id = ? group by k.id, k.algorithm, k.template, k.site, k.tests, k.flake_share"
                        + " order by count(*) desc, k.id")) {
            ps.setLong(1, testId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double share = rs.getDouble(7);
                    out.add(new ClusterRow(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getInt(6),
                            rs.wasNull() ? null : share));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the clusters of a test: " + e.getMessage(), e);
        }
        return out;
    }

    /** The whole text of a stored failure: the headline first, then the detail unless it repeats it. */
    static String text(String type, String message, String detail) {
        String head = type == null || type.isBlank()
                ? (message == null ? "" : message)
                : message == null || message.isBlank() ? type : type + ": " + message;
        if (detail == null || detail.isBlank()) {
            return head;
        }
        String d = detail.stripLeading();
        if (head.isEmpty()
                || d.startsWith(head)
                || (type != null && !type.isBlank() && d.startsWith(type))
                || (message != null && !message.isBlank() && d.startsWith(message.strip()))) {
            return detail;
        }
        return head + "\n" + detail;
    }

    private record Pair(long run, long test) {}

    private static Set<Pair> pairs(Statement s, String sql) throws SQLException {
        Set<Pair> out = new HashSet<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new Pair(rs.getLong(1), rs.getLong(2)));
            }
        }
        return out;
    }
}
