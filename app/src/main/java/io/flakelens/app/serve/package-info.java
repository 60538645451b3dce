/**
 * {@code flakelens serve}: the HTTP API and the HTML dashboard over one store. Routes are declared in
 * one place, {@link io.flakelens.app.serve.FlakelensServer}; each concern (auth, uploads, reads,
 * dashboard pages, metrics, periodic detection) is one class. The dashboard's templates are in
 * {@code src/main/jte} (precompiled by jte-maven-plugin), its stylesheet and script in
 * {@code src/main/resources/dashboard}, uPlot comes from its WebJar.
 *
 * <p>Concurrency: on DuckDB uploads and reads share ONE {@link io.flakelens.store.Database} through
 * {@link io.flakelens.app.serve.StoreAccess}, which serialises callers with one lock. DuckDB allows
 * one writer per file and a JDBC connection is not safe for concurrent use, so this is the simple
 * correct scheme for the embedded store, where detection shares that connection too. On PostgreSQL
 * uploads and reads borrow connections from a pool ({@code --pool-size}), one each for their whole
 * length, so uploads of many CI jobs ingest at once; each commits in one transaction that takes its
 * runs' transaction-level locks, so shards of one run number their attempts in turn and an identical
 * report is stored once (the store's key decides). Detection has a connection of its own, because a
 * pass over millions of results takes long and uploads must not wait for it; scale beyond that comes
 * from several instances against one database, and detection takes a PostgreSQL advisory lock so
 * only one instance runs it at a time. Reads wait for a stale-only pass only while passes are quick;
 * otherwise they answer from the previous pass and one pass catches up in the background.
 */
package io.flakelens.app.serve;
