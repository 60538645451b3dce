package io.flakelens.store.quarantine;

import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.detect.FlakeQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Closes the loop between the source and detection: flaky tests nobody muted (mute candidates) and
 * mutes that no longer earn their keep (unmute candidates), each with the evidence and the number
 * of runs it rests on. Reads detection's occurrences as they are: run detection first.
 */
public final class QuarantineAdvisor {
    /**
     * Runs a muted test must pass, with no failure and no flake evidence, before its mute may go: a
     * test that flakes one run in ten passes 30 in a row about 4% of the time (0.9^30).
     */
    public static final int DEFAULT_MIN_RUNS = 30;

    private final Database db;

    public QuarantineAdvisor(Database db) {
        this.db = db;
    }

    /** @param repo only this repository's mutes, or null for all */
    public Suggestions suggest(Instant since, int minRuns, String repo) {
        return suggest(since, minRuns, repo, Map.of());
    }

    /** The tickets the latest scans' markers name ({@code DCOS_OSS-1234}, {@code #12}, URLs), each once. */
    public List<String> tickets(String repo) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (StoredScan s : new QuarantineLedger(db).latest(repo)) {
            for (MutedTest e : s.entries()) {
                if (e.ticket() != null && !e.ticket().isBlank()) {
                    out.add(e.ticket());
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param closedTickets tickets the tracker has closed, each with the sentence that says so: a
     *                      muted test naming one is an unmute candidate ({@code ticket-closed}) when
     *                      no other reason already makes it one
     */
    public Suggestions suggest(Instant since, int minRuns, String repo, Map<String, String> closedTickets) {
        List<StoredScan> latest = new QuarantineLedger(db).latest(repo);
        List<MutedTest> muted = new ArrayList<>();
        Map<String, String> repoOf = new HashMap<>();
        for (StoredScan s : latest) {
            for (MutedTest e : s.entries()) {
                muted.add(e);
                repoOf.putIfAbsent(e.test().id(), s.repo());
            }
        }
        MutedSet covered = new MutedSet(muted);
        List<MuteSuggestion> mute = new ArrayList<>();
        for (FlakyTest f : new FlakeQueries(db, FlakeScore.findit()).flakes(new FlakeFilter(since, null, null, 0))) {
            if (!covered.covers(f.id(), f.group())) {
                mute.add(new MuteSuggestion(f, evidence(f)));
            }
        }
        return new Suggestions(mute, unmute(since, Math.max(1, minRuns), repo, muted, repoOf, closedTickets));
    }

    static String evidence(FlakyTest f) {
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (EvidenceCount e : f.evidence()) {
            kinds.merge(e.kind().label(), e.occurrences(), Long::sum);
        }
        return String.format(
                Locale.ROOT,
                "flaky in %d of %d runs (%s; flake rate %.1f%%), last %s, not muted in any scanned source",
                f.failures(),
                f.runs(),
                kinds.entrySet().stream()
                        .map(e -> e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", ")),
                f.flakeRate() * 100,
                f.lastSeen());
    }

    private record Counts(long reported, long executed, long failed, Instant lastSeen) {}

    private List<UnmuteSuggestion> unmute(
            Instant since,
            int minRuns,
            String repo,
            List<MutedTest> muted,
            Map<String, String> repoOf,
            Map<String, String> closedTickets) {
        if (muted.isEmpty()) {
            return List.of();
        }
        String latest = "select s.id from quarantine_scan s where not exists (select 1 from quarantine_scan n"
                + " where n.repo = s.repo and coalesce(n.branch, '') = coalesce(s.branch, '') and (n.committed_at > s.committed_at"
                + " or (n.committed_at = s.committed_at and n.scanned_at > s.scanned_at)))"
                + (repo != null ? " and s.repo = ?" : "");
        String matched = "with muted as (select distinct e.test_id, e.suite, e.name from quarantine_entry e"
                + " where e.scan_id in (" + latest + ")),"
                + " matched as (select distinct m.test_id as muted_id, t.id as test_id from muted m join test t"
                + " on t.suite = m.suite and (t.id = m.test_id or m.name = '*' or t.group_key = m.suite || '::' || m.name"
                + " or substr(t.name, 1, length(m.name) + 1) = m.name || '/')) ";
        String window = "u.ran_at >= ?";
        Map<Long, Counts> counts = new HashMap<>();
        Map<Long, Long> flakes = new HashMap<>();
        Map<String, Long> suiteRuns = new HashMap<>();
        Connection c = db.connection();
        try {
            try (PreparedStatement ps = c.prepareStatement(matched + "select mt.muted_id,"
                    + " count(distinct case when " + window + " then r.run_id end),"
                    + " count(distinct case when " + window + " and r.outcome in ('P', 'F', 'E') then r.run_id end),"
                    + " count(distinct case when " + window + " and r.outcome in ('F', 'E') then r.run_id end),"
                    + " max(u.ran_at)"
                    + " from matched mt join result r on r.test_id = mt.test_id join timed_run u on u.id = r.run_id"
                    + " group by mt.muted_id")) {
                int i = 1;
                if (repo != null) {
                    ps.setString(i++, repo);
                }
                Timestamp from = Timestamp.from(since == null ? Instant.EPOCH : since);
                ps.setTimestamp(i++, from);
                ps.setTimestamp(i++, from);
                ps.setTimestamp(i, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp last = rs.getTimestamp(5);
                        counts.put(
                                rs.getLong(1),
                                new Counts(
                                        rs.getLong(2),
                                        rs.getLong(3),
                                        rs.getLong(4),
                                        last == null ? null : last.toInstant()));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    matched + "select mt.muted_id, count(*) from matched mt"
                            + " join flake_occurrence o on o.test_id = mt.test_id where o.occurred_at >= ? group by mt.muted_id")) {
                int i = 1;
                if (repo != null) {
                    ps.setString(i++, repo);
                }
                ps.setTimestamp(i, Timestamp.from(since == null ? Instant.EPOCH : since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        flakes.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            }
            // runs that reported some test of a muted suite: without them a missing test proves nothing
            try (PreparedStatement ps = c.prepareStatement(matched + "select m.suite, count(distinct r.run_id)"
                    + " from (select distinct suite from muted) m join test t on t.suite = m.suite"
                    + " join result r on r.test_id = t.id join timed_run u on u.id = r.run_id where " + window
                    + " group by m.suite")) {
                int i = 1;
                if (repo != null) {
                    ps.setString(i++, repo);
                }
                ps.setTimestamp(i, Timestamp.from(since == null ? Instant.EPOCH : since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        suiteRuns.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot weigh the muted tests: " + e.getMessage(), e);
        }
        Map<String, MutedTest> perTest = new LinkedHashMap<>();
        for (MutedTest e : muted) {
            perTest.putIfAbsent(e.test().id(), e);
        }
        List<UnmuteSuggestion> out = new ArrayList<>();
        for (MutedTest e : perTest.values()) {
            int before = out.size();
            Counts n = counts.getOrDefault(e.test().key(), new Counts(0, 0, 0, null));
            long flaky = flakes.getOrDefault(e.test().key(), 0L);
            String r = repoOf.get(e.test().id());
            String span = since == null || since.equals(Instant.EPOCH) ? "" : " since " + since;
            long suite = suiteRuns.getOrDefault(e.test().suite(), 0L);
            if (n.reported() == 0) {
                // Missing from the reports means something only when it was reported before the window, or
                // when the runs of the window reported other tests of its suite; otherwise its job may
                // simply not be ingested.
                if (n.lastSeen() != null) {
                    out.add(new UnmuteSuggestion(
                            r,
                            e,
                            UnmuteSuggestion.Why.NOT_REPORTED,
                            suite,
                            0,
                            n.lastSeen(),
                            "last reported " + n.lastSeen() + ", by no run" + span
                                    + ": deleted, renamed, or its job stopped running it"));
                } else if (suite > 0 && !e.wholeSuite()) {
                    out.add(new UnmuteSuggestion(
                            r,
                            e,
                            UnmuteSuggestion.Why.NOT_REPORTED,
                            suite,
                            0,
                            null,
                            suite + " runs" + span + " reported other tests of "
                                    + e.test().suite() + ", none reported this one: deleted or renamed"));
                }
            } else if (n.executed() >= minRuns && n.failed() == 0 && flaky == 0) {
                out.add(new UnmuteSuggestion(
                        r,
                        e,
                        UnmuteSuggestion.Why.CLEAN,
                        n.reported(),
                        n.executed(),
                        n.lastSeen(),
                        "passed in all " + n.executed() + " runs that ran it" + span
                                + ", no failure, no flake evidence (needs " + minRuns + ")"));
            } else if (n.executed() == 0) {
                out.add(new UnmuteSuggestion(
                        r,
                        e,
                        UnmuteSuggestion.Why.ONLY_SKIPPED,
                        n.reported(),
                        0,
                        n.lastSeen(),
                        "skipped in all " + n.reported() + " runs" + span
                                + ": the mute hides whether it still fails; run it (or delete it) to find out"));
            }
            if (out.size() == before && e.ticket() != null && closedTickets.containsKey(e.ticket())) {
                out.add(new UnmuteSuggestion(
                        r,
                        e,
                        UnmuteSuggestion.Why.TICKET_CLOSED,
                        n.reported(),
                        n.executed(),
                        n.lastSeen(),
                        closedTickets.get(e.ticket()) + "; still muted at " + e.file() + ":" + e.line()));
            }
        }
        out.sort(Comparator.comparing((UnmuteSuggestion u) -> u.why().ordinal())
                .thenComparing(u -> -u.executed())
                .thenComparing(u -> u.test().id()));
        return out;
    }
}
