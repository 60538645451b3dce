/**
 * Failure clustering and flake prediction. Two failures belong together when they share what is
 * specific to them (the exception, the message template, the first frames of the code under test,
 * the unusual lines of a log), not what every failure shares (runner frames, reflection, boot
 * noise): so texts become weighted features, rare features count most, MinHash/LSH proposes
 * neighbours without comparing all pairs, and DBSCAN over the proposed graph forms the clusters.
 * Algorithms are versioned objects, like LUCI Analysis' (the version goes into every cluster id
 * and every model file), so a stored cluster or a saved model always says which rules made it.
 */
package io.flakelens.core.cluster;
