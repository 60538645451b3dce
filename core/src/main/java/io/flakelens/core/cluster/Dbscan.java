package io.flakelens.core.cluster;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * DBSCAN over a neighbour graph instead of a distance matrix: a point is core when it and its
 * neighbours (weighted by how many identical failures each stands for) reach {@code minPoints};
 * core points reachable through core points form a cluster; a border point joins the cluster of
 * its most similar core neighbour; the rest is noise, and each noise point becomes a cluster of
 * its own (every failure gets a cluster). Visits in index order, so the result is deterministic.
 */
final class Dbscan {
    private Dbscan() {}

    /** Cluster number per point, 0-based, numbered in order of each cluster's first point. */
    static int[] run(NeighbourIndex.Graph g, int[] multiplicity, int minPoints) {
        int n = multiplicity.length;
        boolean[] core = new boolean[n];
        for (int i = 0; i < n; i++) {
            long mass = multiplicity[i];
            for (int j : g.neighbours()[i]) {
                mass += multiplicity[j];
            }
            core[i] = mass >= minPoints;
        }
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (!core[i] || label[i] >= 0) {
                continue;
            }
            int c = next++;
            label[i] = c;
            queue.add(i);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                for (int j : g.neighbours()[p]) {
                    if (core[j] && label[j] < 0) {
                        label[j] = c;
                        queue.add(j);
                    }
                }
            }
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = label[i];
            if (!core[i]) {
                int best = -1;
                float bestSim = -1;
                int[] nb = g.neighbours()[i];
                for (int e = 0; e < nb.length; e++) {
                    int j = nb[e];
                    float s = g.similarities()[i][e];
                    if (core[j] && (s > bestSim || (s == bestSim && j < best))) {
                        best = j;
                        bestSim = s;
                    }
                }
                out[i] = best >= 0 ? label[best] : -1;
            }
        }
        // noise: a cluster of its own each, numbered after the others in index order
        for (int i = 0; i < n; i++) {
            if (out[i] < 0) {
                out[i] = next++;
            }
        }
        return out;
    }
}
