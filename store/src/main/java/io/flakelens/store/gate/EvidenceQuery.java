package io.flakelens.store.gate;

import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.gate.TestEvidence;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * For a list of tests: their flake evidence, runs and failures in a window (counted as the ranked
 * list counts them), and whether they fail on the main line. Reads what detection left; the caller
 * refreshes detection first.
 *
 * <p>Failing on the main line: on main-line runs (no change) that are not infrastructure failures,
 * the test's latest {@code mainRevisions} revisions (by their latest run) each failed it in every run
 * that executed it, every attempt. That is the same-code test detection applies, pointed at the
 * newest code: a flaky test passes somewhere on the same code; a broken one does not.
 */
public final class EvidenceQuery {
    /** Tests per statement: keeps the {@code in (...)} list far from any driver's limit. */
    private static final int CHUNK = 1_000;

    private final Database db;
    private final FlakeScore score;

    public EvidenceQuery(Database db) {
        this.db = db;
        this.score = FlakeScore.findit();
    }

    /** Evidence for each test, keyed by {@link TestId#id()}, in the order asked; unknown tests know nothing. */
    public Map<String, TestEvidence> evidence(Collection<TestId> tests, Instant since, int mainRevisions) {
        Map<String, TestEvidence> out = new LinkedHashMap<>();
        List<TestId> all = tests.stream().distinct().toList();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.putAll(chunk(all.subList(i, Math.min(all.size(), i + CHUNK)), since, mainRevisions));
        }
        return out;
    }

    private Map<String, TestEvidence> chunk(List<TestId> tests, Instant since, int mainRevisions) {
        Map<Long, TestId> byKey = new HashMap<>();
        tests.forEach(t -> byKey.put(t.key(), t));
        String ids = byKey.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<Long, List<EvidenceCount>> evidence = new HashMap<>();
        Map<Long, long[]> runs = new HashMap<>();
        Map<Long, Integer> failingRevisions = new HashMap<>();
        Connection c = db.connection();
        Timestamp from = Timestamp.from(since == null ? Instant.EPOCH : since);
        try {
            try (PreparedStatement ps = c.prepareStatement("select test_id, kind, post_submit, count(*),"
                    + " count(distinct change_id) from flake_occurrence where test_id in (" + ids + ")"
                    + " and occurred_at >= ? group by test_id, kind, post_submit")) {
                ps.setTimestamp(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        evidence.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new EvidenceCount(
                                        EvidenceKind.ofLabel(rs.getString(2)),
                                        rs.getBoolean(3),
                                        rs.getLong(4),
                                        rs.getLong(5)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select r.test_id, count(distinct r.run_id),"
                    + " count(distinct case when r.outcome in ('F', 'E') then r.run_id end)"
                    + " from result r join run u on u.id = r.run_id where r.test_id in (" + ids + ")"
                    + " and coalesce(u.started_at, u.ingested_at) >= ? group by r.test_id")) {
                ps.setTimestamp(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
            // Per main-line revision: runs that executed the test, and runs where it failed every attempt.
            try (PreparedStatement ps = c.prepareStatement("""
                    select v.test_id, coalesce(u.equivalence, u.revision, cast(u.id as varchar)) as rev,
                           max(coalesce(u.started_at, u.ingested_at)) as ts, count(*) as executed,
                           sum(case when v.failed = 1 and v.passed = 0 then 1 else 0 end) as broken
                    from (select run_id, test_id,
                                 max(case when outcome in ('F', 'E') then 1 else 0 end) as failed,
                                 max(case when outcome = 'P' then 1 else 0 end) as passed
                          from result where test_id in (%s) group by run_id, test_id) v
                    join run u on u.id = v.run_id
                    where u.change_id is null and (v.failed = 1 or v.passed = 1)
                      and coalesce(u.started_at, u.ingested_at) >= ?
                      and v.run_id not in (select run_id from infra_run where kind = 'run')
                    group by v.test_id, coalesce(u.equivalence, u.revision, cast(u.id as varchar))
                    order by v.test_id, ts desc, rev""".formatted(ids))) {
                ps.setTimestamp(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    long current = Long.MIN_VALUE;
                    int seen = 0;
                    boolean streak = true;
                    while (rs.next()) {
                        long test = rs.getLong(1);
                        if (test != current) {
                            current = test;
                            seen = 0;
                            streak = true;
                        }
                        if (!streak || seen >= mainRevisions) {
                            continue;
                        }
                        if (rs.getLong(5) == rs.getLong(4)) {
                            seen++;
                            failingRevisions.put(test, seen);
                        } else {
                            streak = false;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the gate's evidence: " + e.getMessage(), e);
        }
        Map<String, TestEvidence> out = new LinkedHashMap<>();
        for (TestId t : tests) {
            long key = t.key();
            List<EvidenceCount> ev = evidence.getOrDefault(key, List.of());
            long[] rf = runs.getOrDefault(key, new long[2]);
            int failing = failingRevisions.getOrDefault(key, 0);
            out.put(
                    t.id(),
                    new TestEvidence(t, sorted(ev), score.score(ev), rf[0], rf[1], failing >= mainRevisions, failing));
        }
        return out;
    }

    /** Strongest kind first, main line before changes: the same order on every store. */
    private static List<EvidenceCount> sorted(List<EvidenceCount> ev) {
        List<EvidenceCount> s = new ArrayList<>(ev);
        s.sort((a, b) ->
                a.kind() != b.kind() ? a.kind().compareTo(b.kind()) : Boolean.compare(b.postSubmit(), a.postSubmit()));
        return s;
    }
}
