package io.flakelens.core.cluster;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A learned flake model: the labelled failures' features, their rarity over the training set and
 * their clusters. A new failure's flake probability is the similarity-weighted share of flakes
 * among its nearest learned failures, shrunk toward the base rate by a prior worth
 * {@link #PRIOR} failures (Beta smoothing): an isolated failure gets the base rate rather than a
 * coin toss, a failure like ten flakes gets close to 1, and one like a single flake only part of
 * the way. Immutable; prediction only reads.
 */
public final class FlakeModel {
    /** Bump when the file layout changes. */
    public static final int FORMAT = 1;

    static final String KIND = "flakelens-flake-model";
    /** Neighbours weigh in down to this similarity: looser than a cluster, tighter than chance. */
    static final double NEIGHBOUR_FLOOR = 0.2;

    static final int NEIGHBOURS = 10;
    /** Weight of the base rate, in failures: how much evidence it takes to move away from it. */
    static final double PRIOR = 2.0;

    private final String algorithm;
    private final double threshold;
    private final FeatureWeights rarity;
    private final String[] ids;
    private final String[] clusters;
    private final Boolean[] labels;
    private final long[][] keys;
    private final float[][] roles;
    private final float[][] weights;
    private final double baseRate;
    private final PostingLists postings;

    private FlakeModel(
            String algorithm,
            double threshold,
            FeatureWeights rarity,
            String[] ids,
            String[] clusters,
            Boolean[] labels,
            long[][] keys,
            float[][] roles) {
        this.algorithm = algorithm;
        this.threshold = threshold;
        this.rarity = rarity;
        this.ids = ids;
        this.clusters = clusters;
        this.labels = labels;
        this.keys = keys;
        this.roles = roles;
        this.weights = new float[keys.length][];
        int flaky = 0;
        int known = 0;
        postings = new PostingLists();
        for (int i = 0; i < keys.length; i++) {
            weights[i] = rarity.weigh(new Features(keys[i], roles[i], "", ""));
            if (labels[i] != null) {
                known++;
                flaky += labels[i] ? 1 : 0;
            }
            for (long k : keys[i]) {
                postings.add(k, i);
            }
        }
        baseRate = known == 0 ? 0.5 : (double) flaky / known;
    }

    /**
     * Learns from labelled failures (an unlabelled one still serves as a neighbour and in the
     * clusters). With {@code withClusters} false the clusters are not computed (cross-validation
     * needs only the probabilities).
     */
    public static FlakeModel learn(List<FailureText> failures, StackTraceClustering clustering, boolean withClusters) {
        return learn(failures, StackTraceClustering.extract(failures), clustering, withClusters);
    }

    static FlakeModel learn(
            List<FailureText> failures,
            List<Features> features,
            StackTraceClustering clustering,
            boolean withClusters) {
        FeatureWeights rarity = FeatureWeights.of(features);
        int n = failures.size();
        String[] clusterIds = new String[n];
        if (withClusters) {
            Clustering c = clustering.cluster(failures, features, rarity);
            for (int i = 0; i < n; i++) {
                clusterIds[i] = c.clusterOf(i).id();
            }
        } else {
            Arrays.fill(clusterIds, "");
        }
        String[] ids = new String[n];
        Boolean[] labels = new Boolean[n];
        long[][] keys = new long[n][];
        float[][] roles = new float[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = failures.get(i).id();
            labels[i] = failures.get(i).flaky();
            keys[i] = features.get(i).keys();
            roles[i] = features.get(i).roles();
        }
        return new FlakeModel(clustering.name(), clustering.threshold(), rarity, ids, clusterIds, labels, keys, roles);
    }

    public int size() {
        return ids.length;
    }

    public double baseRate() {
        return baseRate;
    }

    public String algorithm() {
        return algorithm;
    }

    public FlakePrediction predict(FailureText failure) {
        return predict(failure, FeatureExtractor.extract(failure.text()));
    }

    FlakePrediction predict(FailureText failure, Features f) {
        float[] w = rarity.weigh(f);
        long[] k = f.keys();
        double total = 0;
        for (float x : w) {
            total += x;
        }
        // candidates: learned failures sharing a feature of the query's rarest-first prefix
        Integer[] order = PostingLists.rarestFirst(k, rarity);
        double remaining = total;
        java.util.BitSet seen = new java.util.BitSet(ids.length);
        List<double[]> scored = new ArrayList<>();
        for (int p = 0; p < order.length && remaining >= NEIGHBOUR_FLOOR * total; p++) {
            int fi = order[p];
            remaining -= w[fi];
            int[] list = postings.get(k[fi]);
            if (list == null) {
                continue;
            }
            for (int q = PostingLists.firstScanned(list); q <= list[0]; q++) {
                int j = list[q];
                if (!seen.get(j)) {
                    seen.set(j);
                    double s = FeatureWeights.similarity(k, w, keys[j], weights[j]);
                    if (s >= NEIGHBOUR_FLOOR) {
                        scored.add(new double[] {s, j});
                    }
                }
            }
        }
        scored.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        List<double[]> nearest = scored.subList(0, Math.min(NEIGHBOURS, scored.size()));
        double flakyWeight = 0;
        double knownWeight = 0;
        int flakyCount = 0;
        int knownCount = 0;
        List<String> similar = new ArrayList<>();
        for (double[] s : nearest) {
            int j = (int) s[1];
            similar.add(ids[j]);
            if (labels[j] != null) {
                knownWeight += s[0];
                knownCount++;
                if (labels[j]) {
                    flakyWeight += s[0];
                    flakyCount++;
                }
            }
        }
        double p = (flakyWeight + PRIOR * baseRate) / (knownWeight + PRIOR);
        String cluster = algorithm + ":new";
        if (!nearest.isEmpty() && nearest.get(0)[0] >= threshold && !clusters[(int) nearest.get(0)[1]].isEmpty()) {
            cluster = clusters[(int) nearest.get(0)[1]];
        }
        String why;
        if (knownCount == 0) {
            why = String.format(
                    Locale.ROOT,
                    "no learned failure is similar (at least %.2f); the base rate of flakes is %.2f",
                    NEIGHBOUR_FLOOR,
                    baseRate);
        } else if (knownCount == 1) {
            why = String.format(
                    Locale.ROOT,
                    "the only similar labelled failure, %s (similarity %.2f), was %s;" + " base rate %.2f",
                    ids[(int) nearest.get(0)[1]],
                    nearest.get(0)[0],
                    flakyCount == 1 ? "flaky" : "not flaky",
                    baseRate);
        } else {
            why = String.format(
                    Locale.ROOT,
                    "%d of the %d most similar learned failures were flaky (nearest %s,"
                            + " similarity %.2f); base rate %.2f",
                    flakyCount,
                    knownCount,
                    ids[(int) nearest.get(0)[1]],
                    nearest.get(0)[0],
                    baseRate);
        }
        return new FlakePrediction(failure.id(), cluster, p, similar, why);
    }

    /** Writes the model as one JSON document. */
    public void write(OutputStream out) throws IOException {
        try (JsonGenerator g = JsonMapper.builder()
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .build()
                .getFactory()
                .createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("kind", KIND);
            g.writeNumberField("format", FORMAT);
            g.writeStringField("algorithm", algorithm);
            g.writeNumberField("threshold", threshold);
            g.writeNumberField("documents", rarity.documents());
            g.writeArrayFieldStart("frequencies");
            rarity.documentFrequency().forEachSorted((key, count) -> {
                try {
                    g.writeNumber(key);
                    g.writeNumber(count);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeArrayFieldStart("failures");
            for (int i = 0; i < ids.length; i++) {
                g.writeStartObject();
                g.writeStringField("id", ids[i]);
                g.writeStringField("cluster", clusters[i]);
                if (labels[i] == null) {
                    g.writeNullField("flaky");
                } else {
                    g.writeBooleanField("flaky", labels[i]);
                }
                g.writeArrayFieldStart("keys");
                for (long x : keys[i]) {
                    g.writeNumber(x);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("roles");
                for (float x : roles[i]) {
                    g.writeNumber(x);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /**
     * Reads a model written by {@link #write}. A model of another kind, format or algorithm
     * version is refused with a message saying what it is and what to do.
     */
    public static FlakeModel read(InputStream in) throws IOException {
        JsonParser p = JsonMapper.builder()
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build()
                .getFactory()
                .createParser(in);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a Flakelens flake model (expected a JSON object)");
        }
        String kind = null;
        int format = -1;
        String algorithm = null;
        double threshold = StackTraceClustering.DEFAULT_THRESHOLD;
        int documents = 0;
        KeyCounts df = null;
        List<String> ids = new ArrayList<>();
        List<String> clusters = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<long[]> keys = new ArrayList<>();
        List<float[]> roles = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "kind" -> kind = p.getText();
                case "format" -> {
                    format = p.getIntValue();
                    if (!KIND.equals(kind) || format != FORMAT) {
                        throw new IOException("not a model this Flakelens can read: it is "
                                + (KIND.equals(kind) ? "a flake model in file format " + format : "of kind " + kind)
                                + ", this Flakelens reads flake models in format " + FORMAT
                                + "; run flakelens learn again to make one");
                    }
                }
                case "algorithm" -> {
                    algorithm = p.getText();
                    if (!StackTraceClustering.V2.equals(algorithm) && !StackTraceClustering.V3.equals(algorithm)) {
                        throw new IOException(
                                "the model was learned with " + algorithm + ", this Flakelens clusters with "
                                        + StackTraceClustering.V3 + " or " + StackTraceClustering.V2
                                        + ": its features would not match; run flakelens learn again");
                    }
                }
                case "threshold" -> threshold = p.getDoubleValue();
                case "documents" -> documents = p.getIntValue();
                case "frequencies" -> {
                    df = new KeyCounts(1 << 16);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long key = p.getLongValue();
                        p.nextToken();
                        df.add(key, p.getIntValue());
                    }
                }
                case "failures" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readFailure(p, ids, clusters, labels, keys, roles);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (kind == null || format < 0 || algorithm == null || df == null) {
            throw new IOException(
                    "not a complete Flakelens flake model (kind, format, algorithm or frequencies missing)");
        }
        return new FlakeModel(
                algorithm,
                threshold,
                FeatureWeights.of(df, documents),
                ids.toArray(String[]::new),
                clusters.toArray(String[]::new),
                labels.toArray(Boolean[]::new),
                keys.toArray(long[][]::new),
                roles.toArray(float[][]::new));
    }

    private static void readFailure(
            JsonParser p,
            List<String> ids,
            List<String> clusters,
            List<Boolean> labels,
            List<long[]> keys,
            List<float[]> roles)
            throws IOException {
        String id = null;
        String cluster = "";
        Boolean label = null;
        long[] k = new long[0];
        float[] r = new float[0];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> id = p.getText();
                case "cluster" -> cluster = p.getText();
                case "flaky" -> label = t == JsonToken.VALUE_NULL ? null : p.getBooleanValue();
                case "keys" -> {
                    long[] buf = new long[64];
                    int n = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (n == buf.length) {
                            buf = Arrays.copyOf(buf, n * 2);
                        }
                        buf[n++] = p.getLongValue();
                    }
                    k = Arrays.copyOf(buf, n);
                }
                case "roles" -> {
                    float[] buf = new float[64];
                    int n = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (n == buf.length) {
                            buf = Arrays.copyOf(buf, n * 2);
                        }
                        buf[n++] = p.getFloatValue();
                    }
                    r = Arrays.copyOf(buf, n);
                }
                default -> p.skipChildren();
            }
        }
        if (id == null || k.length != r.length) {
            throw new IOException("a learned failure in the model is incomplete (id, keys or roles)");
        }
        ids.add(id);
        clusters.add(cluster);
        labels.add(label);
        keys.add(k);
        roles.add(r);
    }
}
