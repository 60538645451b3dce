/**
 * Flakelens' detection on Apache Spark: the store's own pipeline of statements (translated by
 * {@link io.flakelens.spark.SparkDialect}) over an export's Parquet, the same ranking fed by Spark's
 * rows, and the job that writes both back as Parquet and {@code flakes.json}.
 */
package io.flakelens.spark;
