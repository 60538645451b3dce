package io.flakelens.core.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well predicted clusters agree with true labels, by the measures of the shared
 * {@code eval_clusters.py}: adjusted Rand index (Hubert and Arabie), pairwise precision, recall
 * and F1 over same-cluster pairs, and V-measure (Rosenberg and Hirschberg) with its homogeneity
 * and completeness. Computed from the contingency table, never from all pairs.
 */
public record ClusterAgreement(
        double ari,
        double precision,
        double recall,
        double f1,
        double vMeasure,
        double homogeneity,
        double completeness) {

    public static ClusterAgreement of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException("truth and prediction differ in length");
        }
        int n = truth.size();
        Map<String, Integer> a = new HashMap<>();
        Map<String, Integer> b = new HashMap<>();
        Map<String, Integer> ab = new HashMap<>();
        for (int i = 0; i < n; i++) {
            a.merge(truth.get(i), 1, Integer::sum);
            b.merge(predicted.get(i), 1, Integer::sum);
            ab.merge(truth.get(i) + "\u0000" + predicted.get(i), 1, Integer::sum);
        }
        double pairsAll = pairs(n);
        double pairsA = a.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double pairsB = b.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double pairsAB =
                ab.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double expected = pairsAll == 0 ? 0 : pairsA * pairsB / pairsAll;
        double maxIndex = (pairsA + pairsB) / 2;
        double ari = maxIndex == expected ? 1.0 : (pairsAB - expected) / (maxIndex - expected);
        double precision = pairsB == 0 ? 1.0 : pairsAB / pairsB;
        double recall = pairsA == 0 ? 1.0 : pairsAB / pairsA;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double hA = entropy(a.values(), n);
        double hB = entropy(b.values(), n);
        double hAB = entropy(ab.values(), n);
        double mutual = hA + hB - hAB;
        double homogeneity = hA == 0 ? 1.0 : mutual / hA;
        double completeness = hB == 0 ? 1.0 : mutual / hB;
        double v = homogeneity + completeness == 0 ? 0 : 2 * homogeneity * completeness / (homogeneity + completeness);
        return new ClusterAgreement(ari, precision, recall, f1, v, homogeneity, completeness);
    }

    private static double pairs(int k) {
        return k * (k - 1.0) / 2;
    }

    private static double entropy(Iterable<Integer> counts, int n) {
        double h = 0;
        for (int c : counts) {
            double p = (double) c / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
