package io.flakelens.core.cluster;

import java.util.Arrays;

/**
 * How good flake probabilities are against known outcomes, by the measures of the shared
 * {@code eval_flake_prob.py}: AUC (Mann-Whitney U, ties count half), Brier score (mean squared
 * error of the probability; 0.25 for a constant 0.5) and accuracy at p >= 0.5.
 */
public record FlakeScores(double auc, double brier, double accuracy, int count) {

    public static FlakeScores of(boolean[] outcome, double[] probability) {
        int n = outcome.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(probability[x], probability[y]));
        double[] rank = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probability[order[j + 1]] == probability[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                rank[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        double positives = 0;
        double rankSum = 0;
        double brier = 0;
        int correct = 0;
        for (int k = 0; k < n; k++) {
            double y = outcome[k] ? 1 : 0;
            positives += y;
            if (outcome[k]) {
                rankSum += rank[k];
            }
            brier += (probability[k] - y) * (probability[k] - y);
            correct += (probability[k] >= 0.5) == outcome[k] ? 1 : 0;
        }
        double negatives = n - positives;
        double auc = positives == 0 || negatives == 0
                ? Double.NaN
                : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
        return new FlakeScores(auc, n == 0 ? Double.NaN : brier / n, n == 0 ? Double.NaN : (double) correct / n, n);
    }
}
