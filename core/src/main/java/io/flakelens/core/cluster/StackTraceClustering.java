package io.flakelens.core.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Flakelens' failure clustering, version 1: masked, stack-aware features ({@link FeatureExtractor})
 * weighted by rarity ({@link FeatureWeights}), exact duplicates folded, neighbours at weighted
 * Jaccard similarity of at least {@code threshold} found by prefix filtering ({@link NeighbourIndex}),
 * then DBSCAN with {@code minPoints} over that graph ({@link Dbscan}). Immutable; configure by
 * copies: {@code StackTraceClustering.withDefaults().withThreshold(0.6)}. Deterministic: no
 * randomness at all, the same input gives the same clusters with the same ids.
 */
public final class StackTraceClustering implements ClusteringAlgorithm {
    /**
     * Bump whenever existing failures may be clustered differently. v2: digits in class and code
     * method names are kept (v1 masked them, making {@code Sha1Digest} and {@code Sha256Digest} one
     * frame); only generated numbers ({@code $1}, lambdas, proxies) and numbered sibling test methods
     * are masked.
     */
    public static final String NAME = "stacktrace-v2";
    /**
     * Two failures are neighbours when at least half of their weighted features agree: the
     * exception and the first code frames outweigh any one difference, and a shared runner stack
     * with a different fault falls short.
     */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** A failure seen twice is already a failure mode: two points make a cluster. */
    public static final int DEFAULT_MIN_POINTS = 2;

    private final double threshold;
    private final int minPoints;

    private StackTraceClustering(double threshold, int minPoints) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        if (minPoints < 1) {
            throw new IllegalArgumentException("minPoints must be at least 1, got " + minPoints);
        }
        this.threshold = threshold;
        this.minPoints = minPoints;
    }

    public static StackTraceClustering withDefaults() {
        return new StackTraceClustering(DEFAULT_THRESHOLD, DEFAULT_MIN_POINTS);
    }

    public StackTraceClustering withThreshold(double t) {
        return new StackTraceClustering(t, minPoints);
    }

    public StackTraceClustering withMinPoints(int m) {
        return new StackTraceClustering(threshold, m);
    }

    public double threshold() {
        return threshold;
    }

    public int minPoints() {
        return minPoints;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Clustering cluster(List<FailureText> failures) {
        List<Features> features = extract(failures);
        return cluster(failures, features, FeatureWeights.of(features));
    }

    /** An empty batch to add failures to one by one, their texts dropped once read. */
    public ClusteringBatch batch() {
        return new ClusteringBatch(this);
    }

    /** Features of each failure, extracted on all cores, in input order. */
    static List<Features> extract(List<FailureText> failures) {
        Features[] out = new Features[failures.size()];
        IntStream.range(0, out.length).parallel()
                .forEach(i -> out[i] = FeatureExtractor.extract(failures.get(i).text()));
        return List.of(out);
    }

    Clustering cluster(List<FailureText> failures, List<Features> features, FeatureWeights rarity) {
        int n = failures.size();
        // fold exact duplicates: each distinct feature set is one point carrying its multiplicity
        Map<Long, List<Integer>> byPrint = new HashMap<>();
        int[] point = new int[n];
        List<Integer> representative = new ArrayList<>();
        List<Integer> multiplicity = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Features f = features.get(i);
            List<Integer> same = byPrint.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>(1));
            int found = -1;
            for (int p : same) {
                if (features.get(representative.get(p)).sameKeys(f)) {
                    found = p;
                    break;
                }
            }
            if (found < 0) {
                found = representative.size();
                representative.add(i);
                multiplicity.add(0);
                same.add(found);
            }
            point[i] = found;
            multiplicity.set(found, multiplicity.get(found) + 1);
        }
        int points = representative.size();
        List<long[]> keys = new ArrayList<>(points);
        List<float[]> weights = new ArrayList<>(points);
        for (int r : representative) {
            keys.add(features.get(r).keys());
            weights.add(rarity.weigh(features.get(r)));
        }
        NeighbourIndex.Graph graph = NeighbourIndex.build(keys, weights, rarity, threshold);
        int[] label = Dbscan.run(graph, multiplicity.stream().mapToInt(Integer::intValue).toArray(), minPoints);
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(label[point[i]], k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.<List<Integer>>comparingInt(List::size).reversed().thenComparingInt(m -> m.get(0)));
        List<Cluster> clusters = new ArrayList<>(ordered.size());
        int[] assignment = new int[n];
        for (int c = 0; c < ordered.size(); c++) {
            List<Integer> members = ordered.get(c);
            for (int m : members) {
                assignment[m] = c;
            }
            clusters.add(describe(NAME + ":" + (c + 1), members, failures, features));
        }
        return new Clustering(NAME, clusters, assignment, graph.comparisons());
    }

    static Cluster describe(String id, List<Integer> members, List<FailureText> failures, List<Features> features) {
        List<Features> f = new ArrayList<>(members.size());
        Map<String, Integer> tests = new LinkedHashMap<>();
        Map<String, Integer> jobs = new LinkedHashMap<>();
        int known = 0;
        int flaky = 0;
        for (int m : members) {
            f.add(features.get(m));
            FailureText t = failures.get(m);
            if (t.test() != null) {
                tests.merge(t.test(), 1, Integer::sum);
            }
            if (t.job() != null) {
                jobs.merge(t.job(), 1, Integer::sum);
            }
            if (t.flaky() != null) {
                known++;
                flaky += t.flaky() ? 1 : 0;
            }
        }
        return new Cluster(id, members, Template.of(f), byCount(tests), byCount(jobs),
                known == 0 ? null : (double) flaky / known);
    }

    private static List<String> byCount(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
        e.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        return e.stream().map(Map.Entry::getKey).toList();
    }
}
