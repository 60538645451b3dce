package io.flakelens.core.cluster;

import java.util.List;

/**
 * The outcome of clustering a list of failures: its clusters, largest first, and for each input
 * failure (by position) the cluster it belongs to.
 *
 * @param algorithm  name and version of the algorithm that made it
 * @param clusters   largest first, ties by first member
 * @param assignment for each input position, the index of its cluster in {@code clusters}
 * @param comparisons similarity computations made (the candidate pairs checked)
 */
public record Clustering(String algorithm, List<Cluster> clusters, int[] assignment, long comparisons) {
    public Clustering {
        clusters = List.copyOf(clusters);
        assignment = assignment.clone();
    }

    public Cluster clusterOf(int failure) {
        return clusters.get(assignment[failure]);
    }

    public int size() {
        return assignment.length;
    }
}
