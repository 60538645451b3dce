/**
 * Failure clustering and flake prediction. Two failures belong together when they share what is
 * specific to them (the exception, the message template, the first frames of the code under test,
 * the unusual lines of a log), not what every failure shares (runner frames, reflection, boot
 * noise): so texts become weighted features, rare features count most, an exact prefix-filtering
 * index finds every pair above the similarity threshold without comparing all pairs, and DBSCAN
 * over that graph forms the clusters. stacktrace-v3 then joins failures that give the same reason
 * (a templated exception message or log line) at the same place in the code under test.
 * Algorithms are versioned objects, like LUCI Analysis' (the version goes into every cluster id
 * and every model file), so a stored cluster or a saved model always says which rules made it.
 */
package io.flakelens.core.cluster;
