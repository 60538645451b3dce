package io.flakelens.core.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every pair of failures at least {@code threshold} similar without comparing all pairs:
 * prefix filtering (Bayardo, Ma and Srikant, "Scaling up all pairs similarity search", WWW 2007),
 * the exact cousin of MinHash/LSH. Features are ordered rarest first; a failure is indexed under
 * the shortest prefix of that order whose remaining weight is below {@code threshold} of its
 * total. Two failures that similar must share a feature in both prefixes (the first feature they
 * share is in each prefix, or the rest could not carry the overlap), so only failures meeting in
 * a prefix's posting list are compared. Prefixes are made of rare features, whose lists are
 * short: the work grows with the number of true neighbours, not with n squared. A posting list
 * that grows past {@link PostingLists#MAX_SCAN} (thousands of failures whose rarest features are
 * all common: boilerplate-only texts) is scanned only over its latest entries; that is the one
 * place the search can miss a pair, and such failures still meet through their nearer neighbours.
 */
final class NeighbourIndex {
    /** Edges found: for each failure, its neighbours and their similarities. */
    record Graph(int[][] neighbours, float[][] similarities, long comparisons) {}

    private NeighbourIndex() {}

    static Graph build(List<long[]> keys, List<float[]> weights, FeatureWeights rarity, double threshold) {
        int n = keys.size();
        List<List<int[]>> adjacency = new ArrayList<>(n);
        List<List<Float>> sims = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            adjacency.add(new ArrayList<>());
            sims.add(new ArrayList<>());
        }
        PostingLists postings = new PostingLists();
        double[] totals = new double[n];
        int[] seen = new int[n];
        Arrays.fill(seen, -1);
        int[] candidates = new int[16];
        long comparisons = 0;
        for (int i = 0; i < n; i++) {
            long[] k = keys.get(i);
            float[] w = weights.get(i);
            double total = 0;
            for (float x : w) {
                total += x;
            }
            totals[i] = total;
            Integer[] order = PostingLists.rarestFirst(k, rarity);
            double remaining = total;
            int found = 0;
            for (int p = 0; p < order.length && remaining >= threshold * total; p++) {
                int f = order[p];
                remaining -= w[f];
                int[] list = postings.get(k[f]);
                if (list != null) {
                    for (int q = PostingLists.firstScanned(list); q <= list[0]; q++) {
                        int j = list[q];
                        if (seen[j] != i) {
                            seen[j] = i;
                            if (found == candidates.length) {
                                candidates = Arrays.copyOf(candidates, found * 2);
                            }
                            candidates[found++] = j;
                        }
                    }
                }
                postings.add(k[f], i);
            }
            Arrays.sort(candidates, 0, found);
            for (int c = 0; c < found; c++) {
                int j = candidates[c];
                // weighted Jaccard cannot reach the threshold when one total is far below the other
                double lo = Math.min(total, totals[j]);
                double hi = Math.max(total, totals[j]);
                if (lo < threshold * hi) {
                    continue;
                }
                comparisons++;
                double s = FeatureWeights.similarity(k, w, keys.get(j), weights.get(j));
                if (s >= threshold) {
                    adjacency.get(i).add(new int[] {j});
                    sims.get(i).add((float) s);
                    adjacency.get(j).add(new int[] {i});
                    sims.get(j).add((float) s);
                }
            }
        }
        int[][] nb = new int[n][];
        float[][] sv = new float[n][];
        for (int i = 0; i < n; i++) {
            List<int[]> a = adjacency.get(i);
            nb[i] = new int[a.size()];
            sv[i] = new float[a.size()];
            for (int e = 0; e < a.size(); e++) {
                nb[i][e] = a.get(e)[0];
                sv[i][e] = sims.get(i).get(e);
            }
        }
        return new Graph(nb, sv, comparisons);
    }
}
