/**
 * The store's side of failure clustering: the stored failures as texts with what detection knows
 * about them (flaky or not), and the place clusters are written back. Kept apart from the algorithm
 * (core's cluster package) so a batch job over exported tables can run the same algorithm.
 */
package io.flakelens.store.cluster;
