package io.flakelens.core.changepoint;

/** Reruns of one test at one commit, made to place a changepoint: how many ran and how many failed. */
public record Reruns(int runs, int failures) {
    public Reruns {
        if (runs < 0 || failures < 0 || failures > runs) {
            throw new IllegalArgumentException("need 0 <= failures <= runs: " + failures + ", " + runs);
        }
    }

    public double passRate() {
        return runs == 0 ? Double.NaN : (double) (runs - failures) / runs;
    }
}
