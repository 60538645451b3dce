package io.flakelens.core.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups failures by reason, then by code location (two levels). Failures whose reason lines share
 * a template ({@link LineTemplates}) failed for the same stated reason; among them, those failing
 * first in different code under test are different faults that happen to say the same thing, so
 * each location is a group of its own. A failure whose trace shows no code under test (Surefire cut
 * it to the test's frames) joins the group of its reason that the same test class saw, if any: it is
 * the cut copy of a fuller sibling. Otherwise its place is the test class that asserted (an
 * assertion's failure is thrown by the test framework, so the test is the only code in sight). A
 * reason read from a build log has neither, and its template alone is the group.
 */
final class ReasonGroups {
    private ReasonGroups() {
    }

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
        // template -> location -> suites seen there (sorted maps: the same groups for any input order)
        Map<Integer, TreeMap<String, Map<String, Integer>>> located = new HashMap<>();
        for (FailureReason r : reasons) {
            if (!r.line().isEmpty() && !r.location().isEmpty()) {
                located.computeIfAbsent(template.get(r.line()), k -> new TreeMap<>())
                        .computeIfAbsent(r.location(), k -> new HashMap<>())
                        .merge(r.suite(), 1, Integer::sum);
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
            if (where.isEmpty()) {
                where = sibling(located.get(t), r.suite());
            }
            if (where.isEmpty() && !r.suite().isEmpty()) {
                // no code under test in sight: the assertion's place is the test class that made it
                where = "test " + r.suite();
            }
            out[i] = numbers.computeIfAbsent(t + "\n" + where, k -> numbers.size());
        }
        return out;
    }

    /** The location where the same test class saw this reason most often; empty when it never did. */
    private static String sibling(TreeMap<String, Map<String, Integer>> locations, String suite) {
        if (locations == null || suite.isEmpty()) {
            return "";
        }
        String best = "";
        int most = 0;
        for (Map.Entry<String, Map<String, Integer>> e : locations.entrySet()) {
            int c = e.getValue().getOrDefault(suite, 0);
            if (c > most) {
                best = e.getKey();
                most = c;
            }
        }
        return best;
    }
}
