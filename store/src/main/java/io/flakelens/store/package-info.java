/**
 * The database: one schema kept by versioned SQL files, the embedded DuckDB default and
 * PostgreSQL behind a small dialect seam, transactional ingest through staging tables.
 */
package io.flakelens.store;
