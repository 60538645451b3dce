/**
 * TestGrid as a source of runs: fetching tables, headers and rows, and dashboard summaries over
 * HTTP (or reading them saved), then storing each tab's new columns through the store's ingest
 * session, one tab at a time, so a tab that cannot be read costs only itself.
 */
package io.flakelens.app.testgrid;
