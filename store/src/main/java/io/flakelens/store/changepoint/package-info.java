/**
 * The main-line history of tests per job and builder in commit order, read for changepoint
 * segmentation. Revisions are ordered by their earliest run unless the caller knows the
 * repository's order.
 */
package io.flakelens.store.changepoint;
