/**
 * Flake detection as set-based SQL over runs and results (the same statements on DuckDB and
 * PostgreSQL, and portable to a warehouse or Spark), and the queries that rank and explain it.
 */
package io.flakelens.store.detect;
