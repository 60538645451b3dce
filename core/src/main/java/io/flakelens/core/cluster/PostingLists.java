package io.flakelens.core.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Failures by feature: for each feature key, the failures that have it, in the order they were
 * added. The one index behind both the clustering's neighbour search ({@link NeighbourIndex}, over
 * prefixes of rarest features) and the flake model's lookup of a new failure's neighbours
 * ({@link FlakeModel}), so both meet candidates the same way and cap the same boilerplate.
 */
final class PostingLists {
    /**
     * A list longer than this (thousands of failures whose rarest features are all common:
     * boilerplate-only texts) is scanned over its latest entries only.
     */
    static final int MAX_SCAN = 2_000;

    private final Map<Long, int[]> lists = new HashMap<>();

    /** The failures under {@code key}: their count at index 0, then the failures; null for none. */
    int[] get(long key) {
        return lists.get(key);
    }

    /** Index of the first entry to scan in a list from {@link #get}: the latest {@link #MAX_SCAN} only. */
    static int firstScanned(int[] list) {
        return Math.max(1, list[0] + 1 - MAX_SCAN);
    }

    void add(long key, int failure) {
        int[] list = lists.get(key);
        if (list == null) {
            list = new int[5];
            lists.put(key, list);
        } else if (list[0] + 1 == list.length) {
            list = Arrays.copyOf(list, list.length * 2);
            lists.put(key, list);
        }
        list[++list[0]] = failure;
    }

    /** Feature positions ordered by corpus frequency, rarest first, ties by key: one global order. */
    static Integer[] rarestFirst(long[] keys, FeatureWeights rarity) {
        Integer[] order = new Integer[keys.length];
        int[] df = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = i;
            df[i] = rarity.frequency(keys[i]);
        }
        Arrays.sort(order, (a, b) -> df[a] != df[b] ? Integer.compare(df[a], df[b]) : Long.compare(keys[a], keys[b]));
        return order;
    }
}
