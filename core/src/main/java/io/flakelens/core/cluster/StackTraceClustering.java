package io.flakelens.core.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Flakelens' failure clustering: masked, stack-aware features ({@link FeatureExtractor}) weighted by
 * rarity ({@link FeatureWeights}), exact duplicates folded, neighbours at weighted Jaccard similarity
 * of at least {@code threshold} found by prefix filtering ({@link NeighbourIndex}), then DBSCAN with
 * {@code minPoints} over that graph ({@link Dbscan}). Version 3 then joins the clusters of failures
 * that state the same reason at the same code location ({@link ReasonGroups}): failures of one
 * fault whose traces differ (other values, another test, a trace cut to one frame) share their
 * reason even when too few of their features agree. Immutable; configure by copies:
 * {@code StackTraceClustering.withDefaults().withThreshold(0.6)}. Deterministic: no randomness at
 * all, the same input gives the same clusters with the same ids.
 */
public final class StackTraceClustering implements ClusteringAlgorithm {
    /**
     * v2: digits in class and code method names are kept (v1 masked them, making {@code Sha1Digest}
     * and {@code Sha256Digest} one frame); only generated numbers ({@code $1}, lambdas, proxies) and
     * numbered sibling test methods are masked.
     */
    public static final String V2 = "stacktrace-v2";
    /** v3: v2's similarity graph, plus the failures' reason groups (two levels: reason, then location). */
    public static final String V3 = "stacktrace-v3";
    /** The default algorithm's name. Bump whenever existing failures may be clustered differently. */
    public static final String NAME = V3;
    /**
     * Two reason lines are one reason when at least half of their words, position by position,
     * agree once values are masked: the words that stay are what was checked or what went wrong,
     * and a reason is more its words than its values.
     */
    public static final double DEFAULT_TEMPLATE_SIMILARITY = 0.5;
    /**
     * Two failures are neighbours when at least half of their weighted features agree: the
     * exception and the first code frames outweigh any one difference, and a shared runner stack
     * with a different fault falls short.
     */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** A failure seen twice is already a failure mode: two points make a cluster. */
    public static final int DEFAULT_MIN_POINTS = 2;

    private final String name;
    private final double threshold;
    private final int minPoints;
    private final double templateSimilarity;

    private StackTraceClustering(String name, double threshold, int minPoints, double templateSimilarity) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        if (minPoints < 1) {
            throw new IllegalArgumentException("minPoints must be at least 1, got " + minPoints);
        }
        if (!(templateSimilarity > 0 && templateSimilarity <= 1)) {
            throw new IllegalArgumentException("template similarity must be in (0, 1], got " + templateSimilarity);
        }
        this.name = name;
        this.threshold = threshold;
        this.minPoints = minPoints;
        this.templateSimilarity = templateSimilarity;
    }

    /** The default algorithm ({@value #NAME}) with its defaults. */
    public static StackTraceClustering withDefaults() {
        return named(NAME);
    }

    /** The algorithm of that name and version with its defaults; {@code IllegalArgumentException} for an unknown name. */
    public static StackTraceClustering named(String name) {
        if (V2.equals(name) || V3.equals(name)) {
            return new StackTraceClustering(name, DEFAULT_THRESHOLD, DEFAULT_MIN_POINTS, DEFAULT_TEMPLATE_SIMILARITY);
        }
        throw new IllegalArgumentException("unknown clustering algorithm " + name + "; known: " + V2 + ", " + V3);
    }

    public StackTraceClustering withThreshold(double t) {
        return new StackTraceClustering(name, t, minPoints, templateSimilarity);
    }

    public StackTraceClustering withMinPoints(int m) {
        return new StackTraceClustering(name, threshold, m, templateSimilarity);
    }

    /** How alike two reason lines must be to be one reason (v3 only). */
    public StackTraceClustering withTemplateSimilarity(double s) {
        return new StackTraceClustering(name, threshold, minPoints, s);
    }

    public double templateSimilarity() {
        return templateSimilarity;
    }

    public double threshold() {
        return threshold;
    }

    public int minPoints() {
        return minPoints;
    }

    @Override
    public String name() {
        return name;
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
        IntStream.range(0, out.length)
                .parallel()
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
        int[] label = Dbscan.run(
                graph, multiplicity.stream().mapToInt(Integer::intValue).toArray(), minPoints);
        if (V3.equals(name)) {
            List<FailureReason> reasons = new ArrayList<>(points);
            for (int r : representative) {
                reasons.add(features.get(r).reason());
            }
            label = joinByReason(label, ReasonGroups.of(reasons, templateSimilarity));
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(label[point[i]], k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> ordered = new ArrayList<>(groups.values());
        ordered.sort(
                Comparator.<List<Integer>>comparingInt(List::size).reversed().thenComparingInt(m -> m.get(0)));
        List<Cluster> clusters = new ArrayList<>(ordered.size());
        int[] assignment = new int[n];
        for (int c = 0; c < ordered.size(); c++) {
            List<Integer> members = ordered.get(c);
            for (int m : members) {
                assignment[m] = c;
            }
            clusters.add(describe(name + ":" + (c + 1), members, failures, features));
        }
        return new Clustering(name, clusters, assignment, graph.comparisons());
    }

    /** Clusters joined when any of their failures share a reason group (union-find over cluster numbers). */
    private static int[] joinByReason(int[] label, int[] group) {
        int clusters = 0;
        for (int l : label) {
            clusters = Math.max(clusters, l + 1);
        }
        int[] parent = new int[clusters];
        for (int c = 0; c < clusters; c++) {
            parent[c] = c;
        }
        Map<Integer, Integer> firstOfGroup = new HashMap<>();
        for (int p = 0; p < label.length; p++) {
            if (group[p] < 0) {
                continue;
            }
            Integer other = firstOfGroup.putIfAbsent(group[p], label[p]);
            if (other != null) {
                int a = root(parent, other);
                int b = root(parent, label[p]);
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        int[] out = new int[label.length];
        for (int p = 0; p < label.length; p++) {
            out[p] = root(parent, label[p]);
        }
        return out;
    }

    private static int root(int[] parent, int c) {
        while (parent[c] != c) {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        return c;
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
        return new Cluster(
                id, members, Template.of(f), byCount(tests), byCount(jobs), known == 0 ? null : (double) flaky / known);
    }

    private static List<String> byCount(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
        e.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        return e.stream().map(Map.Entry::getKey).toList();
    }
}
