package io.flakelens.core.cluster;

import java.util.Arrays;

/** Open-addressing map from feature hash to a count: a million features without a million boxes. */
final class KeyCounts {
    private long[] keys;
    private int[] counts;
    private boolean[] used;
    private int size;

    KeyCounts(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        counts = new int[cap];
        used = new boolean[cap];
    }

    void add(long key, int delta) {
        int i = slot(key);
        if (!used[i]) {
            used[i] = true;
            keys[i] = key;
            size++;
            if (size * 2 > keys.length) {
                grow();
                i = slot(key);
            }
        }
        counts[i] += delta;
    }

    int get(long key) {
        int i = slot(key);
        return used[i] ? counts[i] : 0;
    }

    int size() {
        return size;
    }

    /** Calls {@code each} with every key and count, in key order (deterministic files). */
    void forEachSorted(KeyCount each) {
        long[] k = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                k[n++] = keys[i];
            }
        }
        Arrays.sort(k);
        for (long key : k) {
            each.accept(key, get(key));
        }
    }

    interface KeyCount {
        void accept(long key, int count);
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int s = slot(oldKeys[i]);
                used[s] = true;
                keys[s] = oldKeys[i];
                counts[s] = oldCounts[i];
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        return z ^ (z >>> 33);
    }
}
