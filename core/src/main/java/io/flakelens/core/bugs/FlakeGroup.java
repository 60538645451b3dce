package io.flakelens.core.bugs;

import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.model.StableHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flakes that share one bug: one test group (its parameterised variants), widened to every flake of
 * the same suite that failed in exactly the same runs (Findit: those are one problem, usually a
 * shared fixture). {@code flakes} is sorted, so the first one's marker is the group's.
 */
public record FlakeGroup(List<FlakeActivity> members, long score) {
    public FlakeGroup {
        members = members.stream()
                .sorted(Comparator.comparing(FlakeActivity::flake))
                .toList();
    }

    public List<String> flakes() {
        return members.stream().map(FlakeActivity::flake).toList();
    }

    public List<Occurrence> occurrences() {
        return members.stream()
                .flatMap(m -> m.occurrences().stream())
                .sorted(Comparator.comparing(Occurrence::at).thenComparing(Occurrence::test))
                .toList();
    }

    /** The marker of the group: the one Flakelens looks up before creating its bug. */
    public String marker() {
        return marker(flakes().get(0));
    }

    /** A token that search finds in a bug body and nothing else contains: "flakelens-" and 16 hex digits. */
    public static String marker(String flake) {
        return "flakelens-" + String.format("%016x", StableHash.of(flake));
    }

    /** Groups qualifying flakes by Findit's rules; each group is scored by Findit's score over its occurrences. */
    public static List<FlakeGroup> of(List<FlakeActivity> qualifying, FlakeScore score) {
        Map<String, List<FlakeActivity>> bySuiteRuns = new LinkedHashMap<>();
        for (FlakeActivity a : qualifying) {
            bySuiteRuns
                    .computeIfAbsent(a.suite() + "\u0000" + a.runKeys(), k -> new ArrayList<>())
                    .add(a);
        }
        List<FlakeGroup> out = new ArrayList<>();
        for (List<FlakeActivity> members : bySuiteRuns.values()) {
            out.add(new FlakeGroup(members, score.score(evidence(members))));
        }
        out.sort(Comparator.comparingLong(FlakeGroup::score)
                .reversed()
                .thenComparing(g -> g.flakes().get(0)));
        return out;
    }

    /** Evidence counted over the whole group: a change hurt by two members counts once. */
    static List<EvidenceCount> evidence(List<FlakeActivity> members) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Set<String>> changes = new LinkedHashMap<>();
        for (FlakeActivity m : members) {
            for (Occurrence o : m.occurrences()) {
                String k = o.kind().label() + "|" + o.postSubmit();
                counts.computeIfAbsent(k, x -> new long[1])[0]++;
                Set<String> c = changes.computeIfAbsent(k, x -> new HashSet<>());
                if (o.change() != null) {
                    c.add(o.change());
                }
            }
        }
        List<EvidenceCount> out = new ArrayList<>();
        counts.forEach((k, n) -> {
            String[] p = k.split("\\|");
            out.add(new EvidenceCount(
                    EvidenceKind.ofLabel(p[0]),
                    Boolean.parseBoolean(p[1]),
                    n[0],
                    changes.get(k).size()));
        });
        return out;
    }

    public Set<String> tests() {
        Set<String> out = new TreeSet<>();
        members.forEach(m -> out.addAll(m.tests()));
        return out;
    }

    public long runs() {
        return members.stream().mapToLong(FlakeActivity::runs).max().orElse(0);
    }
}
