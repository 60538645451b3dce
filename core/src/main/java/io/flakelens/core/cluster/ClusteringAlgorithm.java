package io.flakelens.core.cluster;

import java.util.List;

/**
 * One way of clustering failures, named with its version (LUCI Analysis' convention): bump the
 * version whenever existing failures may be clustered differently, so stored cluster ids and saved
 * models from the old rules are recognised as such.
 */
public sealed interface ClusteringAlgorithm permits StackTraceClustering {
    /** Name and version, e.g. {@code stacktrace-v2}; prefixes every cluster id. */
    String name();

    Clustering cluster(List<FailureText> failures);
}
