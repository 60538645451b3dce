package io.flakelens.core.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log-line templates mined the way Drain does (He, Zhu, Zheng and Lyu, "Drain: An Online Log Parsing
 * Approach with Fixed Depth Tree", ICWS 2017): a line is routed by its token count, then by its first
 * token (a token holding a variable, here a digit or a mask such as {@code <n>}, goes to the wildcard
 * child, and so does any token once a node has {@link #MAX_CHILDREN} children); among the templates
 * at that leaf it joins the one sharing the largest share of tokens, position by position, when
 * that share reaches {@code similarity}, and the template's differing tokens become {@code <*>};
 * otherwise it starts a template of its own ({@link #MAX_SCAN} bounds that search). That is the paper's tree of depth 4 (root, length,
 * first token, leaf). Drain is online, so which template a line joins depends on the lines before
 * it: {@link #of} feeds the distinct lines in sorted order, so the templates do not depend on the
 * order failures arrive in.
 */
final class LineTemplates {
    static final String WILDCARD = "<*>";
    static final int MAX_CHILDREN = 100;
    /**
     * A line is compared with at most this many of its leaf's latest templates, so that lines which
     * all share a length and a first word yet match nothing cost a bounded time each, not their number.
     * Lines arrive sorted, so the latest templates are the ones nearest in text: a line's match, if it
     * has one, is among them.
     */
    static final int MAX_SCAN = 100;

    private final double similarity;
    private final Map<Integer, Map<String, List<String[]>>> tree = new HashMap<>();
    private final Map<String[], Integer> ids = new java.util.IdentityHashMap<>();

    LineTemplates(double similarity) {
        this.similarity = similarity;
    }

    /** Template number of each line, lines fed in sorted order; equal lines share a number. */
    static Map<String, Integer> of(java.util.Collection<String> lines, double similarity) {
        List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(lines));
        LineTemplates t = new LineTemplates(similarity);
        Map<String, Integer> out = new HashMap<>();
        for (String line : sorted) {
            out.put(line, t.add(line));
        }
        return out;
    }

    /** Adds a line; returns its template's number (numbered in order of creation). */
    int add(String line) {
        String[] tokens = tokens(line);
        Map<String, List<String[]>> byFirst = tree.computeIfAbsent(tokens.length, k -> new HashMap<>());
        String first = tokens.length == 0 ? "" : tokens[0];
        String route = variable(first) ? WILDCARD : first;
        if (!byFirst.containsKey(route) && byFirst.size() >= MAX_CHILDREN) {
            route = WILDCARD;
        }
        List<String[]> leaf = byFirst.computeIfAbsent(route, k -> new ArrayList<>());
        String[] best = null;
        double bestSim = -1;
        for (int k = Math.max(0, leaf.size() - MAX_SCAN); k < leaf.size(); k++) {
            String[] template = leaf.get(k);
            double s = share(template, tokens);
            if (s > bestSim) {
                best = template;
                bestSim = s;
            }
        }
        if (best != null && bestSim >= similarity) {
            for (int i = 0; i < tokens.length; i++) {
                if (!best[i].equals(tokens[i])) {
                    best[i] = WILDCARD;
                }
            }
            return ids.get(best);
        }
        String[] template = tokens.clone();
        leaf.add(template);
        int id = ids.size();
        ids.put(template, id);
        return id;
    }

    /** Share of positions where the template holds the line's token (a wildcard matches nothing). */
    static double share(String[] template, String[] tokens) {
        if (tokens.length == 0) {
            return 1;
        }
        int same = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (template[i].equals(tokens[i])) {
                same++;
            }
        }
        return (double) same / tokens.length;
    }

    static String[] tokens(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    /** A token with a digit or a mask in it is a value, not a word of the template. */
    static boolean variable(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isDigit(c) || (c == '<' && token.indexOf('>', i) > i)) {
                return true;
            }
        }
        return false;
    }
}
