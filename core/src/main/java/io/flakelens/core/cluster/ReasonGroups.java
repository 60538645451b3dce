package io.flakelens.core.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups failures by reason, then by code location (two levels). Failures whose reason lines share
 * a template ({@link LineTemplates}) failed for the same stated reason; among them, those failing
 * first in different code under test are different faults that happen to say the same thing, so
 * each location is a group of its own. A failure whose trace shows no code under test (Surefire cut
 * it to the test's frames) joins the group of its reason that the same test class saw, if any: it is
 * the cut copy of a fuller sibling. Otherwise its place is the test class that asserted (an
 * assertion's failure is thrown by the test framework, so the test is the only code in sight). A
 * reason read from a build log has neither, and its template alone is the group. Linear after the
 * templates: hash maps, no pairs.
 */
final class ReasonGroups {
    private ReasonGroups() {}

    /** Group number of each failure, or -1 for a failure without a reason line. */
    static int[] of(List<FailureReason> reasons, double templateSimilarity) {
        int n = reasons.size();
        List<String> lines = new ArrayList<>();
        for (FailureReason r : reasons) {
            if (!r.line().isEmpty()) {
                lines.add(r.line());
            }
        }
        Map<String, Integer> template = LineTemplates.of(lines, templateSimilarity);
        // (template, test class) -> location -> how often that test class saw the reason there
        Map<String, Map<String, Integer>> seen = new HashMap<>();
        for (FailureReason r : reasons) {
            if (!r.line().isEmpty() && !r.location().isEmpty() && !r.suite().isEmpty()) {
                seen.computeIfAbsent(template.get(r.line()) + "\n" + r.suite(), k -> new HashMap<>())
                        .merge(r.location(), 1, Integer::sum);
            }
        }
        Map<String, Integer> numbers = new HashMap<>();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            FailureReason r = reasons.get(i);
            if (r.line().isEmpty()) {
                out[i] = -1;
                continue;
            }
            int t = template.get(r.line());
            String where = r.location();
            if (where.isEmpty() && !r.suite().isEmpty()) {
                where = sibling(seen.get(t + "\n" + r.suite()));
            }
            if (where.isEmpty() && !r.suite().isEmpty()) {
                // no code under test in sight: the assertion's place is the test class that made it
                where = "test " + r.suite();
            }
            out[i] = numbers.computeIfAbsent(t + "\n" + where, k -> numbers.size());
        }
        return out;
    }

    /** The location seen most often (the first by name on a tie, whatever the input order); empty for none. */
    private static String sibling(Map<String, Integer> locations) {
        if (locations == null) {
            return "";
        }
        String best = "";
        int most = 0;
        for (Map.Entry<String, Integer> e : locations.entrySet()) {
            int c = e.getValue();
            if (c > most || (c == most && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                most = c;
            }
        }
        return best;
    }
}
