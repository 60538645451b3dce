package io.flakelens.core.cluster;

import java.util.List;

/**
 * The text a cluster's failures share, readable: the masked headline with the words that differ
 * between members replaced by {@code <*>} (Drain's convention), and the frame of the code under
 * test where they fail.
 */
public record Template(String headline, String site) {
    private static final int MAX_LENGTH = 300;
    private static final int SAMPLE = 64;

    @Override
    public String toString() {
        return site.isEmpty() ? headline : headline + " at " + site;
    }

    static Template of(List<Features> members) {
        Features first = members.get(0);
        String[] tokens = first.headline().split(" ");
        int n = Math.min(members.size(), SAMPLE);
        for (int m = 1; m < n; m++) {
            String[] other = members.get(m).headline().split(" ");
            if (other.length == tokens.length) {
                for (int t = 0; t < tokens.length; t++) {
                    if (!tokens[t].equals(other[t])) {
                        tokens[t] = "<*>";
                    }
                }
            } else {
                java.util.Set<String> words = java.util.Set.of(dedupe(other));
                for (int t = 0; t < tokens.length; t++) {
                    if (!words.contains(tokens[t])) {
                        tokens[t] = "<*>";
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder();
        String previous = null;
        for (String t : tokens) {
            if (t.equals("<*>") && "<*>".equals(previous)) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(t);
            previous = t;
        }
        String headline = b.length() > MAX_LENGTH ? b.substring(0, MAX_LENGTH) + "..." : b.toString();
        return new Template(headline, commonSite(members, n));
    }

    private static String[] dedupe(String[] words) {
        return java.util.Arrays.stream(words).distinct().toArray(String[]::new);
    }

    /** The site most members share (the first member's on a tie), or empty when most have none. */
    private static String commonSite(List<Features> members, int n) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (int m = 0; m < n; m++) {
            counts.merge(members.get(m).site(), 1, Integer::sum);
        }
        String best = "";
        int bestCount = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
