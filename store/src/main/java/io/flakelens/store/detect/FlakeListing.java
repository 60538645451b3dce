package io.flakelens.store.detect;

import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakeRanking;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.model.TestId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ranked flaky-test list from the occurrences detection left: a few grouped queries, whose rows
 * any engine may answer ({@link FlakeRows}), folded in Java into Findit's score and grouping and
 * ordered by {@link FlakeRanking}. The store and the Spark job share it, so both rank alike.
 */
public final class FlakeListing {
    private static final Comparator<EvidenceCount> EVIDENCE_ORDER =
            Comparator.comparing(EvidenceCount::kind).thenComparing(EvidenceCount::postSubmit);

    private final FlakeScore score;

    public FlakeListing(FlakeScore score) {
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

    /**
     * The ranked list. With {@code byGroup}, parameterised variants count as one flake (Findit's
     * grouping): distinct changes and runs are counted over the whole group, not summed per variant.
     */
    public List<FlakyTest> flakes(FlakeRows rows, FlakeFilter f, boolean byGroup) {
        String key = byGroup ? "t.group_key" : "o.test_id";
        String from = " from flake_occurrence o join test t on t.id = o.test_id";
        Map<Object, Acc> acc = new HashMap<>();
        Map<Object, Long> changes = new HashMap<>();
        Map<Object, Long> members = new HashMap<>();
        String where = " where o.occurred_at >= ?" + f.scope().sql("o");
        List<Object> args = args(f);
        rows.each(
                "select " + key + ", o.kind, o.post_submit, count(*),"
                        + " count(distinct o.change_id), min(o.occurred_at), max(o.occurred_at), count(sf.run_id)"
                        + from
                        + " left join setup_flake sf on sf.run_id = o.run_id and sf.suite = t.suite" + where
                        + " group by " + key + ", o.kind, o.post_submit",
                args,
                r -> {
                    Acc a = acc.computeIfAbsent(r.key(1), k -> new Acc());
                    EvidenceKind kind = EvidenceKind.ofLabel(r.text(2));
                    a.evidence.add(new EvidenceCount(kind, r.flag(3), r.number(4), r.number(5)));
                    a.kinds.add(kind);
                    a.occurrences += r.number(4);
                    a.wholeSuite += r.number(8);
                    Instant first = r.instant(6);
                    Instant last = r.instant(7);
                    a.first = a.first == null || first.isBefore(a.first) ? first : a.first;
                    a.last = a.last == null || last.isAfter(a.last) ? last : a.last;
                });
        if (acc.isEmpty()) {
            return List.of();
        }
        keepThoseThatCanRank(acc, f.limit());
        rows.each(
                "select " + key + ", count(distinct o.change_id), count(distinct o.test_id)" + from + where
                        + " group by " + key,
                args,
                r -> {
                    changes.put(r.key(1), r.number(2));
                    members.put(r.key(1), r.number(3));
                });
        rows.each(
                "select " + key + ", coalesce(o.builder, '(none)'), count(*)" + from + where + " group by " + key
                        + ", o.builder",
                args,
                r -> {
                    Acc a = acc.get(r.key(1));
                    if (a != null) {
                        a.builders.merge(r.text(2), r.number(3), Long::sum);
                    }
                });
        // Which stored tests the listed keys cover, so runs and failures count over exactly them.
        Map<Long, Object> testKeys = new HashMap<>();
        Map<Object, String[]> names = new HashMap<>();
        rows.each("select distinct t.id, " + key + ", t.suite, t.name, t.group_key" + from + where, args, r -> {
            if (!acc.containsKey(r.key(2))) {
                return;
            }
            testKeys.put(r.number(1), r.key(2));
            names.putIfAbsent(r.key(2), new String[] {r.text(3), r.text(4), r.text(5)});
        });
        String ids = testKeys.keySet().stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        String runWhere = " and u.ran_at >= ?" + f.scope().sql("u");
        String runKey = byGroup ? "t.group_key" : "r.test_id";
        rows.each(
                "select " + runKey + ", count(distinct r.run_id),"
                        + " count(distinct case when r.outcome in ('F', 'E') then r.run_id end)"
                        + " from result r join timed_run u on u.id = r.run_id join test t on t.id = r.test_id"
                        + " where r.test_id in (" + ids + ")" + runWhere + " group by " + runKey,
                args,
                r -> {
                    Acc a = acc.get(r.key(1));
                    if (a != null) {
                        a.runs = r.number(2);
                        a.failures = r.number(3);
                    }
                });
        List<FlakyTest> out = new ArrayList<>(acc.size());
        for (Map.Entry<Object, Acc> e : acc.entrySet()) {
            Acc a = e.getValue();
            String[] n = names.get(e.getKey());
            TestId id = byGroup ? TestId.parse(n[2]) : new TestId(n[0], n[1]);
            // rows come in no particular order; the listing's evidence does
            a.evidence.sort(EVIDENCE_ORDER);
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
    }

    /**
     * Drops the keys whose score is below the {@code limit}-th best: the ranking orders by score
     * first, so none of them can be listed. What follows counts each remaining test's runs over its
     * whole history in the window, the costliest read of a listing (3 s for 642 flaky tests at 12
     * million results on PostgreSQL), and a list of fifty needs it for the fifty and their ties.
     */
    private void keepThoseThatCanRank(Map<Object, Acc> acc, int limit) {
        if (limit <= 0 || acc.size() <= limit) {
            return;
        }
        Map<Object, Long> scores = new HashMap<>();
        for (Map.Entry<Object, Acc> e : acc.entrySet()) {
            e.getValue().evidence.sort(EVIDENCE_ORDER);
            scores.put(e.getKey(), score.score(e.getValue().evidence));
        }
        long cut = scores.values().stream()
                .sorted(Comparator.reverseOrder())
                .skip(limit - 1)
                .findFirst()
                .orElseThrow();
        acc.keySet().removeIf(k -> scores.get(k) < cut);
    }

    private static List<Object> args(FlakeFilter f) {
        List<Object> out = new ArrayList<>();
        out.add(f.since() == null ? Instant.EPOCH : f.since());
        if (f.job() != null) {
            out.add(f.job());
        }
        if (f.builder() != null) {
            out.add(f.builder());
        }
        return out;
    }
}
