package io.flakelens.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain (He, Zhu, Zheng and Lyu, "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS
 * 2017) as the paper describes it, on each failure's first line, as the shared anchor figures ran
 * Drain3 with its defaults: similarity threshold 0.4, depth 4 (root, token count, first token, leaf),
 * at most 100 children a node, no masking. Lines are split on white space; a first token holding a
 * digit, or one arriving at a full node, goes to the wildcard child; at the leaf, a line joins the
 * group whose template holds the largest share of its tokens, position by position (a wildcard
 * matches nothing), when that share reaches the threshold, and the template's differing tokens
 * become wildcards; otherwise it starts a group. Online: failures are fed in input order.
 */
final class DrainAnchor {
    private static final double SIMILARITY = 0.4;
    private static final int MAX_CHILDREN = 100;
    private static final String WILDCARD = "<*>";

    private record Group(int id, String[] template) {}

    private final Map<Integer, Map<String, List<Group>>> tree = new HashMap<>();
    private int groups;

    private DrainAnchor() {}

    /** Group number of each text's first line, in input order. */
    static int[] cluster(List<String> texts) {
        DrainAnchor d = new DrainAnchor();
        int[] out = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            String t = texts.get(i);
            int nl = t.indexOf('\n');
            out[i] = d.add(nl < 0 ? t : t.substring(0, nl));
        }
        return out;
    }

    private int add(String line) {
        String s = line.strip();
        String[] tokens = s.isEmpty() ? new String[0] : s.split("\\s+");
        Map<String, List<Group>> byFirst = tree.computeIfAbsent(tokens.length, k -> new HashMap<>());
        String first = tokens.length == 0 ? "" : tokens[0];
        String child = first.chars().anyMatch(Character::isDigit) ? WILDCARD : first;
        if (!byFirst.containsKey(child) && byFirst.size() >= MAX_CHILDREN) {
            child = WILDCARD;
        }
        List<Group> leaf = byFirst.computeIfAbsent(child, k -> new ArrayList<>());
        Group best = null;
        double bestShare = -1;
        for (Group g : leaf) {
            int same = 0;
            for (int i = 0; i < tokens.length; i++) {
                if (g.template()[i].equals(tokens[i])) {
                    same++;
                }
            }
            double share = tokens.length == 0 ? 1 : (double) same / tokens.length;
            if (share > bestShare) {
                best = g;
                bestShare = share;
            }
        }
        if (best != null && bestShare >= SIMILARITY) {
            for (int i = 0; i < tokens.length; i++) {
                if (!best.template()[i].equals(tokens[i])) {
                    best.template()[i] = WILDCARD;
                }
            }
            return best.id();
        }
        Group g = new Group(groups++, tokens.clone());
        leaf.add(g);
        return g.id();
    }
}
