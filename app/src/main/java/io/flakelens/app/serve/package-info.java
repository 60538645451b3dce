/**
 * {@code flakelens serve}: the HTTP API and the HTML dashboard over one store. Routes are declared in
 * one place, {@link io.flakelens.app.serve.FlakelensServer}; each concern (auth, uploads, reads,
 * dashboard pages, metrics, periodic detection) is one class. The dashboard's templates are in
 * {@code src/main/jte} (precompiled by jte-maven-plugin), its stylesheet and script in
 * {@code src/main/resources/dashboard}, uPlot comes from its WebJar.
 *
 * <p>Concurrency: the server keeps ONE {@link io.flakelens.store.Database} and every use of it goes
 * through {@link io.flakelens.app.serve.StoreAccess}, which serialises callers with one lock. DuckDB
 * allows one writer per file and a JDBC connection is not safe for concurrent use, so this is the
 * simple correct scheme for the embedded store. On PostgreSQL it is also correct, and scale comes
 * from running several instances against one database; periodic detection then takes a
 * PostgreSQL advisory lock so only one instance runs it at a time.
 */
package io.flakelens.app.serve;
