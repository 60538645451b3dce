package io.flakelens.store;

/**
 * An open-addressing map from long keys to int values. Ingest keeps one entry per distinct test of
 * a run or a file; boxed maps would cost ten times the memory on reports with millions of cases. It
 * fills to three quarters before it doubles: on a virtual machine each new page of memory costs a
 * fault of microseconds, and a map of 600,000 tests filled to half took twice the pages for probes
 * shorter by less than one slot.
 */
final class LongIntMap {
    /**
     * An empty slot holds key 0, so new arrays need no filling (filling and then rehashing ingest's
     * maps of 600,000 tests took a third of a second); key 0 itself lives beside the arrays, at slot
     * {@link #ZERO_SLOT}.
     */
    private static final int ZERO_SLOT = -1;

    private long[] keys;
    private int[] values;
    private int size;
    private boolean hasZero;
    private int zeroValue;

    LongIntMap() {
        this(16);
    }

    LongIntMap(int expected) {
        int cap = 16;
        while (expected > cap / 4 * 3) {
            cap <<= 1;
        }
        keys = new long[cap];
        values = new int[cap];
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    /** The value for key, or {@code missing}. */
    int get(long key, int missing) {
        return valueAt(locate(key), missing);
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
        return key == 0 ? ZERO_SLOT : slot(key);
    }

    /** The value at a slot from {@link #locate}, or {@code missing} when the key is not there. */
    int valueAt(int slot, int missing) {
        if (slot == ZERO_SLOT) {
            return hasZero ? zeroValue : missing;
        }
        return keys[slot] == 0 ? missing : values[slot];
    }

    /** Sets the value of the key {@link #locate} was asked for, at the slot it answered. */
    void putAt(int slot, long key, int value) {
        if (slot == ZERO_SLOT) {
            hasZero = true;
            zeroValue = value;
            return;
        }
        if (keys[slot] == 0) {
            keys[slot] = key;
            values[slot] = value;
            if (++size > keys.length / 4 * 3) {
                grow();
            }
            return;
        }
        values[slot] = value;
    }

    boolean contains(long key) {
        return key == 0 ? hasZero : keys[slot(key)] != 0;
    }

    interface Visitor {
        void visit(long key, int value);
    }

    void forEach(Visitor v) {
        if (hasZero) {
            v.visit(0, zeroValue);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                v.visit(keys[i], values[i]);
            }
        }
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != 0 && keys[i] != key) {
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
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int j = slot(oldKeys[i]);
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
