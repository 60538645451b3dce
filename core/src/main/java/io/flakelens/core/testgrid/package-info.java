/**
 * TestGrid's grids as runs: the classic {@code /table} JSON and the v1 API's headers and rows, read
 * into one {@link io.flakelens.core.testgrid.Grid} whose columns become runs, and the dashboard
 * summaries that say which tabs to read. Only parsing lives here; fetching is the caller's.
 */
package io.flakelens.core.testgrid;
