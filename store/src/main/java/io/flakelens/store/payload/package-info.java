/**
 * The store's side of payload judgement: one set-based pass over the payload's runs and the job's
 * history that counts distinct runs per test, so that judging 20,000 tests is one query, not 20,000
 * (and the same query would run on Spark over exported tables). The rules live in core's
 * {@code aggregate} package; this package only counts.
 */
package io.flakelens.store.payload;
