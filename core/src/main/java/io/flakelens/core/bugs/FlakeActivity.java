package io.flakelens.core.bugs;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A flake's occurrences in the policy window and how many runs executed it there (for its rate).
 *
 * @param flake the group key
 * @param suite the suite of its tests (flakes of one suite that failed in the same runs share a bug)
 */
public record FlakeActivity(String flake, String suite, List<Occurrence> occurrences, long runs) {
    public FlakeActivity {
        occurrences = List.copyOf(occurrences);
    }

    /** The runs it failed in: flakes of one suite with the same set share one bug (Findit). */
    public Set<Long> runKeys() {
        Set<Long> out = new TreeSet<>();
        occurrences.forEach(o -> out.add(o.runKey()));
        return out;
    }

    public Set<String> tests() {
        Set<String> out = new TreeSet<>();
        occurrences.forEach(o -> out.add(o.test()));
        return out;
    }

    public double flakeRate() {
        return runs == 0 ? 0 : Math.min(1.0, (double) occurrences.size() / runs);
    }
}
