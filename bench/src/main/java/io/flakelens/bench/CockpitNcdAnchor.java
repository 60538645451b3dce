package io.flakelens.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.Deflater;

/**
 * Cockpit's flake clusterer (cockpituous {@code learn/}, 2017) as its README describes
 * it, written again here so the bench can score the anchor on any labelling, not only on the figure
 * quoted for {@code test}: every log line is a token, hashes, UUIDs, digit runs and paths are masked,
 * lines found in more than 17% of the logs are dropped, distance is the normalised compression
 * distance with zlib at level 6 over the remaining lines, and DBSCAN (eps 0.3, min_samples
 * min(3, n/10)) runs on the full n x n matrix,
 * a point's neighbours read along its row. Noise points get label -1. Quadratic on purpose: that
 * is the anchor.
 */
final class CockpitNcdAnchor {
    private static final double IGNORE_SHARE = 0.17;
    private static final double EPS = 0.3;
    private static final List<Map.Entry<Pattern, String>> NOISE = List.of(
            Map.entry(Pattern.compile("[0-9a-f]{128}"), "x".repeat(128)),
            Map.entry(Pattern.compile("[0-9A-F]{128}"), "X".repeat(128)),
            Map.entry(Pattern.compile("[0-9a-f]{64}"), "x".repeat(64)),
            Map.entry(Pattern.compile("[0-9A-F]{64}"), "X".repeat(64)),
            Map.entry(Pattern.compile("[0-9a-f]{56}"), "x".repeat(56)),
            Map.entry(Pattern.compile("[0-9A-F]{56}"), "X".repeat(56)),
            Map.entry(Pattern.compile("[0-9a-f]{40}"), "x".repeat(40)),
            Map.entry(Pattern.compile("[0-9A-F]{40}"), "X".repeat(40)),
            Map.entry(Pattern.compile("[0-9a-f]{32}"), "x".repeat(32)),
            Map.entry(Pattern.compile("[0-9A-F]{32}"), "X".repeat(32)),
            Map.entry(
                    Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
                    "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
            Map.entry(Pattern.compile("\\d+"), "000"),
            Map.entry(Pattern.compile("(/[a-zA-Z0-9_.-]+)+/([a-zA-Z0-9_.-]+)\\b"), "$2"));

    private CockpitNcdAnchor() {}

    /** A cluster number per log, -1 for noise. */
    static int[] cluster(List<String> logs) {
        List<List<String>> lines =
                logs.parallelStream().map(CockpitNcdAnchor::tokenize).toList();
        Map<String, Integer> df = new HashMap<>();
        for (List<String> doc : lines) {
            for (String l : new HashSet<>(doc)) {
                df.merge(l, 1, Integer::sum);
            }
        }
        double most = IGNORE_SHARE * logs.size();
        Set<String> stop = new HashSet<>();
        df.forEach((line, count) -> {
            if (count > most) {
                stop.add(line);
            }
        });
        String[] docs = lines.stream()
                .map(doc -> String.join(
                        "\n", doc.stream().filter(l -> !stop.contains(l)).toList()))
                .toArray(String[]::new);
        int n = docs.length;
        byte[][] bytes =
                Arrays.stream(docs).map(d -> d.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        int[] alone = Arrays.stream(bytes)
                .parallel()
                .mapToInt(CockpitNcdAnchor::compressed)
                .toArray();
        // the whole matrix, each pair both ways: NCD is not symmetric, and Cockpit's parallel
        // pairwise_distances computed every (i, j) as compress(log i + log j)
        double[][] distance = new double[n][n];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j < n; j++) {
                if (docs[i].equals(docs[j])) {
                    continue;
                }
                byte[] ab = new byte[bytes[i].length + bytes[j].length];
                System.arraycopy(bytes[i], 0, ab, 0, bytes[i].length);
                System.arraycopy(bytes[j], 0, ab, bytes[i].length, bytes[j].length);
                distance[i][j] =
                        (compressed(ab) - Math.min(alone[i], alone[j])) / (double) Math.max(alone[i], alone[j]);
            }
        });
        return dbscan(distance, Math.min(3.0, n / 10.0));
    }

    static List<String> tokenize(String log) {
        String[] raw = log.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> out = new ArrayList<>(raw.length);
        for (String line : raw) {
            String l = line.strip();
            for (Map.Entry<Pattern, String> noise : NOISE) {
                l = noise.getKey().matcher(l).replaceAll(noise.getValue());
            }
            out.add(l);
        }
        return out;
    }

    private static int compressed(byte[] data) {
        Deflater d = new Deflater(6);
        try {
            d.setInput(data);
            d.finish();
            byte[] buf = new byte[64 * 1024];
            int total = 0;
            while (!d.finished()) {
                total += d.deflate(buf);
            }
            return total;
        } finally {
            d.end();
        }
    }

    /** Textbook DBSCAN; a point counts itself among its neighbours, as scikit-learn does. */
    static int[] dbscan(double[][] distance, double minSamples) {
        int n = distance.length;
        int[] label = new int[n];
        Arrays.fill(label, -2);
        int next = 0;
        for (int p = 0; p < n; p++) {
            if (label[p] != -2) {
                continue;
            }
            List<Integer> around = neighbours(distance, p);
            if (around.size() < minSamples) {
                label[p] = -1;
                continue;
            }
            int c = next++;
            label[p] = c;
            ArrayDeque<Integer> queue = new ArrayDeque<>(around);
            while (!queue.isEmpty()) {
                int q = queue.poll();
                if (label[q] == -1) {
                    label[q] = c;
                }
                if (label[q] != -2) {
                    continue;
                }
                label[q] = c;
                List<Integer> more = neighbours(distance, q);
                if (more.size() >= minSamples) {
                    queue.addAll(more);
                }
            }
        }
        return label;
    }

    private static List<Integer> neighbours(double[][] distance, int p) {
        List<Integer> out = new ArrayList<>();
        for (int q = 0; q < distance.length; q++) {
            if (distance[p][q] <= EPS) {
                out.add(q);
            }
        }
        return out;
    }
}
