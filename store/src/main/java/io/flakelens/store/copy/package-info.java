/**
 * Rows moved between PostgreSQL and an in-process DuckDB: streamed out of one over JDBC and into the
 * other through its bulk path (DuckDB's Appender, PostgreSQL's COPY), so work that DuckDB does well
 * (Parquet, whole-table window passes) can be done there for a PostgreSQL store.
 */
package io.flakelens.store.copy;
