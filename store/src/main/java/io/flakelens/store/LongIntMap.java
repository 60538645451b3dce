package io.flakelens.store;

import java.util.Arrays;

/**
 * An open-addressing map from long keys to int values. Ingest keeps one entry per distinct test of
 * a run or a file; boxed maps would cost ten times the memory on reports with millions of cases.
 */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap() {
        this(16);
    }

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(keys, EMPTY);
    }

    int size() {
        return size;
    }

    /** The value for key, or {@code missing}. */
    int get(long key, int missing) {
        return valueAt(slot(key), missing);
    }

    void put(long key, int value) {
        putAt(locate(key), key, value);
    }

    /**
     * Where {@code key} is, or would go: with {@link #valueAt} and {@link #putAt}, a read and a
     * write of one key cost one probe, not two (ingest does both for every case, and with hundreds of
     * thousands of tests each probe is a cache miss). Valid until the map changes otherwise.
     */
    int locate(long key) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("reserved key");
        }
        return slot(key);
    }

    /** The value at a slot from {@link #locate}, or {@code missing} when the key is not there. */
    int valueAt(int slot, int missing) {
        return keys[slot] == EMPTY ? missing : values[slot];
    }

    /** Sets the value of the key {@link #locate} was asked for, at the slot it answered. */
    void putAt(int slot, long key, int value) {
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            values[slot] = value;
            if (++size * 2 > keys.length) {
                grow();
            }
            return;
        }
        values[slot] = value;
    }

    boolean contains(long key) {
        return keys[slot(key)] != EMPTY;
    }

    interface Visitor {
        void visit(long key, int value);
    }

    void forEach(Visitor v) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                v.visit(keys[i], values[i]);
            }
        }
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return k;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int j = slot(oldKeys[i]);
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
                size++;
            }
        }
    }
}
