package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NeighbourIndexTest {
    /** Prefix filtering is exact: it finds the very pairs that comparing all pairs finds. */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.4, 0.6})
    void findsExactlyThePairsAllPairsFinds(double threshold) {
        SplittableRandom rnd = new SplittableRandom(42);
        List<Features> docs = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            int base = rnd.nextInt(20) * 100; // documents of one family draw from the same features
            Set<Long> keys = new HashSet<>();
            int size = 3 + rnd.nextInt(15);
            while (keys.size() < size) {
                keys.add((long) (rnd.nextInt(4) == 0 ? rnd.nextInt(3_000) : base + rnd.nextInt(8)));
            }
            if (d > 0 && rnd.nextInt(3) == 0) {
                // a near copy of an earlier document: one feature swapped
                keys = new HashSet<>();
                for (long x : docs.get(rnd.nextInt(d)).keys()) {
                    keys.add(x);
                }
                keys.remove(keys.iterator().next());
                keys.add(5_000L + d);
            }
            long[] k = keys.stream().mapToLong(Long::longValue).sorted().toArray();
            float[] r = new float[k.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = 0.3f + rnd.nextInt(3);
            }
            docs.add(new Features(k, r, "", ""));
        }
        FeatureWeights rarity = FeatureWeights.of(docs);
        List<long[]> keys = docs.stream().map(Features::keys).toList();
        List<float[]> weights = docs.stream().map(rarity::weigh).toList();
        NeighbourIndex.Graph g = NeighbourIndex.build(keys, weights, rarity, threshold);
        Set<String> found = new HashSet<>();
        for (int i = 0; i < docs.size(); i++) {
            for (int j : g.neighbours()[i]) {
                found.add(Math.min(i, j) + "-" + Math.max(i, j));
            }
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < docs.size(); i++) {
            for (int j = i + 1; j < docs.size(); j++) {
                if (FeatureWeights.similarity(keys.get(i), weights.get(i), keys.get(j), weights.get(j)) >= threshold) {
                    expected.add(i + "-" + j);
                }
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(found).isEqualTo(expected);
        long allPairs = (long) docs.size() * (docs.size() - 1) / 2;
        assertThat(g.comparisons()).isLessThan(allPairs / 2);
        assertThat(Arrays.stream(g.neighbours()).mapToInt(a -> a.length).sum()).isEqualTo(2 * expected.size());
    }
}
