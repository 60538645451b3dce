package io.flakelens.core.cluster;

import java.util.Arrays;

/**
 * A failure as a set of hashed features, each with a role weight (how much that kind of feature
 * says: an exception type more than a log line, the top code frame more than the tenth). Keys are
 * sorted and unique, so two sets intersect by one merge.
 *
 * @param keys     sorted feature hashes
 * @param roles    role weight of each key
 * @param headline the masked first line (exception and message), for templates
 * @param site     the first frame of the code under test, or of the test, or empty
 * @param reason   why and where it failed, for grouping by reason ({@link ReasonGroups})
 */
record Features(long[] keys, float[] roles, String headline, String site, FailureReason reason) {
    static final Features EMPTY = new Features(new long[0], new float[0], "", "", FailureReason.NONE);

    Features(long[] keys, float[] roles, String headline, String site) {
        this(keys, roles, headline, site, FailureReason.NONE);
    }

    /** One hash for the whole set: equal sets are exact duplicates and are compared once. */
    long fingerprint() {
        long h = 0x9E3779B97F4A7C15L;
        for (long k : keys) {
            h = Long.rotateLeft(h ^ k, 27) * 0x100000001b3L;
        }
        return h;
    }

    boolean sameKeys(Features o) {
        return Arrays.equals(keys, o.keys);
    }
}
