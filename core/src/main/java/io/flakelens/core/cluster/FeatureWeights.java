package io.flakelens.core.cluster;

import java.util.List;

/**
 * How rare each feature is over a corpus, and from that how much it counts: a feature's weight in
 * a failure is its role times {@code ln((N + 1) / (df + 1))}, the smoothed inverse document
 * frequency, so a line or frame found in every failure counts (almost) nothing however many
 * times it appears, and one found in two failures out of thousands counts most. A small floor
 * keeps two identical failures identical when every feature is everywhere.
 */
final class FeatureWeights {
    private static final double FLOOR = 0.01;
    private final KeyCounts documentFrequency;
    private final int documents;

    private FeatureWeights(KeyCounts documentFrequency, int documents) {
        this.documentFrequency = documentFrequency;
        this.documents = documents;
    }

    static FeatureWeights of(List<Features> corpus) {
        KeyCounts df = new KeyCounts(corpus.size() * 16);
        for (Features f : corpus) {
            for (long k : f.keys()) {
                df.add(k, 1);
            }
        }
        return new FeatureWeights(df, corpus.size());
    }

    static FeatureWeights of(KeyCounts documentFrequency, int documents) {
        return new FeatureWeights(documentFrequency, documents);
    }

    KeyCounts documentFrequency() {
        return documentFrequency;
    }

    int documents() {
        return documents;
    }

    int frequency(long key) {
        return documentFrequency.get(key);
    }

    double idf(long key) {
        return Math.log((documents + 1.0) / (documentFrequency.get(key) + 1.0)) + FLOOR;
    }

    /** Each feature's weight in this failure, aligned with its keys. */
    float[] weigh(Features f) {
        long[] keys = f.keys();
        float[] w = new float[keys.length];
        for (int i = 0; i < keys.length; i++) {
            w[i] = (float) (f.roles()[i] * idf(keys[i]));
        }
        return w;
    }

    /**
     * Weighted Jaccard similarity: the sum over shared features of the smaller weight, over the
     * sum over all features of the larger. 1 for equal sets, 0 for disjoint ones.
     */
    static double similarity(long[] a, float[] wa, long[] b, float[] wb) {
        double min = 0;
        double max = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                min += Math.min(wa[i], wb[j]);
                max += Math.max(wa[i], wb[j]);
                i++;
                j++;
            } else if (a[i] < b[j]) {
                max += wa[i++];
            } else {
                max += wb[j++];
            }
        }
        while (i < a.length) {
            max += wa[i++];
        }
        while (j < b.length) {
            max += wb[j++];
        }
        return max == 0 ? (a.length == 0 && b.length == 0 ? 1 : 0) : min / max;
    }
}
