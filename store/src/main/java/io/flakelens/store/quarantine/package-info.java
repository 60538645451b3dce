/**
 * The muted-test inventory in the store, and the loop it closes with detection. Every stored scan
 * keeps its whole list, so history (when a test was muted, when unmuted) is read from consecutive
 * scans instead of being kept up to date by each scan: a scan of an older commit stored late still
 * lands in its place. Suggestions set the latest lists against detection's evidence and the
 * stored results, in a few set-based queries.
 */
package io.flakelens.store.quarantine;
