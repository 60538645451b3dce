package io.flakelens.store.quarantine;

import io.flakelens.core.model.StableHash;
import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.Inventory;
import io.flakelens.core.quarantine.Language;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.quarantine.Scope;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Stores scans of repositories' muted tests and reads the latest lists and their history back. */
public final class QuarantineLedger {
    private final Database db;

    public QuarantineLedger(Database db) {
        this.db = db;
    }

    /** The key of a scan: one per repository, branch and commit. */
    static long scanId(String repo, String branch, String commit) {
        return StableHash.of(repo + "\u0000" + Objects.toString(branch, "") + "\u0000" + commit);
    }

    /**
     * Records a scan in one transaction. Returns false, storing nothing, when this repository, branch
     * and commit were recorded before: a commit's source does not change, so neither does its list.
     */
    public boolean record(Inventory inv) {
        if (inv.commit() == null) {
            throw new StoreException("a scan needs a commit to be stored: scan a git repository");
        }
        long id = scanId(inv.repo(), inv.branch(), inv.commit());
        Connection c = db.connection();
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("select 1 from quarantine_scan where id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                try (PreparedStatement ps =
                        c.prepareStatement("insert into quarantine_scan (id, repo, branch, commit_id,"
                                + " committed_at, scanned_at, files, entries) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, inv.repo());
                    ps.setString(3, inv.branch());
                    ps.setString(4, inv.commit());
                    if (inv.committedAt() == null) {
                        ps.setNull(5, Types.TIMESTAMP);
                    } else {
                        ps.setTimestamp(5, Timestamp.from(inv.committedAt()));
                    }
                    ps.setTimestamp(6, Timestamp.from(inv.scannedAt()));
                    ps.setInt(7, inv.result().files());
                    ps.setInt(8, inv.result().entries().size());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into quarantine_entry (scan_id, test_id, suite,"
                        + " name, file, line, language, marker, ticket, reason, since, scope)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int n = 0;
                    for (MutedTest e : inv.result().entries()) {
                        ps.setLong(1, id);
                        ps.setLong(2, e.test().key());
                        ps.setString(3, e.test().suite());
                        ps.setString(4, e.test().name());
                        ps.setString(5, e.file());
                        ps.setInt(6, e.line());
                        ps.setString(7, e.language().label());
                        ps.setString(8, e.marker());
                        ps.setString(9, e.ticket());
                        ps.setString(10, e.reason());
                        ps.setString(11, e.since());
                        ps.setString(12, e.scope().label());
                        ps.addBatch();
                        if (++n % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the scan of " + inv.repo() + ": " + e.getMessage(), e);
        }
    }

    /** The latest scan (by commit time) of every repository and branch, or of one repository. */
    public List<StoredScan> latest(String repo) {
        String sql =
                "select s.id, s.repo, s.branch, s.commit_id, s.committed_at, s.scanned_at, s.files from quarantine_scan s"
                        + " where not exists (select 1 from quarantine_scan n where n.repo = s.repo"
                        + " and coalesce(n.branch, '') = coalesce(s.branch, '')"
                        + " and (n.committed_at > s.committed_at or (n.committed_at = s.committed_at and n.scanned_at > s.scanned_at)))"
                        + (repo != null ? " and s.repo = ?" : "") + " order by s.repo, s.branch";
        return scans(sql, repo);
    }

    /** Every scan, oldest commit first within each repository and branch. */
    public List<StoredScan> all(String repo) {
        String sql =
                "select s.id, s.repo, s.branch, s.commit_id, s.committed_at, s.scanned_at, s.files from quarantine_scan s"
                        + (repo != null ? " where s.repo = ?" : "")
                        + " order by s.repo, coalesce(s.branch, ''), s.committed_at, s.scanned_at";
        return scans(sql, repo);
    }

    private List<StoredScan> scans(String sql, String repo) {
        Connection c = db.connection();
        record Head(
                long id, String repo, String branch, String commit, Instant committed, Instant scanned, int files) {}
        List<Head> heads = new ArrayList<>();
        try {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (repo != null) {
                    ps.setString(1, repo);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp committed = rs.getTimestamp(5);
                        heads.add(new Head(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                committed == null ? null : committed.toInstant(),
                                rs.getTimestamp(6).toInstant(),
                                rs.getInt(7)));
                    }
                }
            }
            Map<Long, List<MutedTest>> entries = new HashMap<>();
            if (!heads.isEmpty()) {
                StringBuilder ids = new StringBuilder();
                for (Head h : heads) {
                    ids.append(ids.length() == 0 ? "" : ",").append(h.id());
                    entries.put(h.id(), new ArrayList<>());
                }
                try (PreparedStatement ps =
                                c.prepareStatement("select scan_id, suite, name, file, line, language, marker,"
                                        + " ticket, reason, since, scope from quarantine_entry where scan_id in (" + ids
                                        + ")"
                                        + " order by scan_id, file, line, suite, name, marker");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.get(rs.getLong(1))
                                .add(new MutedTest(
                                        rs.getString(4),
                                        rs.getInt(5),
                                        Language.ofLabel(rs.getString(6)),
                                        new TestId(rs.getString(2), rs.getString(3)),
                                        rs.getString(7),
                                        rs.getString(8),
                                        rs.getString(9),
                                        rs.getString(10),
                                        Scope.ofLabel(rs.getString(11))));
                    }
                }
            }
            List<StoredScan> out = new ArrayList<>();
            for (Head h : heads) {
                out.add(new StoredScan(
                        h.repo(), h.branch(), h.commit(), h.committed(), h.scanned(), h.files(), entries.get(h.id())));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read stored scans: " + e.getMessage(), e);
        }
    }

    /**
     * When each test was muted and unmuted, per repository and branch: consecutive scans compared.
     * Spans are ordered by repository, branch, muting time and test.
     */
    public List<MutedSpan> history(String repo) {
        List<MutedSpan> out = new ArrayList<>();
        String key = null;
        Map<TestId, MutedSpan> open = new LinkedHashMap<>();
        for (StoredScan s : all(repo)) {
            String k = s.repo() + "\u0000" + Objects.toString(s.branch(), "");
            if (!k.equals(key)) {
                out.addAll(open.values());
                open.clear();
                key = k;
            }
            Map<TestId, MutedTest> now = new LinkedHashMap<>();
            for (MutedTest e : s.entries()) {
                now.putIfAbsent(e.test(), e);
            }
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                var o = it.next();
                if (!now.containsKey(o.getKey())) {
                    MutedSpan m = o.getValue();
                    out.add(new MutedSpan(
                            m.repo(),
                            m.branch(),
                            m.test(),
                            m.file(),
                            m.line(),
                            m.marker(),
                            m.ticket(),
                            m.mutedCommit(),
                            m.mutedAt(),
                            s.commit(),
                            s.committedAt()));
                    it.remove();
                }
            }
            for (MutedTest e : now.values()) {
                open.computeIfAbsent(
                        e.test(),
                        t -> new MutedSpan(
                                s.repo(),
                                s.branch(),
                                t,
                                e.file(),
                                e.line(),
                                e.marker(),
                                e.ticket(),
                                s.commit(),
                                s.committedAt(),
                                null,
                                null));
            }
        }
        out.addAll(open.values());
        out.sort(java.util.Comparator.comparing(MutedSpan::repo)
                .thenComparing(m -> Objects.toString(m.branch(), ""))
                .thenComparing(MutedSpan::mutedAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                .thenComparing(m -> m.test().id()));
        return out;
    }
}
