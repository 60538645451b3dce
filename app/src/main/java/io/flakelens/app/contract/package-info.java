/**
 * The JSON that scripts and API clients rely on: one record per response shape, written by one
 * {@link io.flakelens.app.contract.Json} writer, so {@code flakelens X --format json} and the HTTP
 * API's twin print the same bytes; and the one default {@link io.flakelens.app.contract.Window}.
 * Both the command line ({@code cli}) and the server ({@code serve}) depend on this package, never
 * on each other.
 */
package io.flakelens.app.contract;
