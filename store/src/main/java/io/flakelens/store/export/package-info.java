/**
 * The store as Parquet for other engines, and their detection results back: runs, results, failures
 * and tests written in whole-day partitions any engine reads, and the detection tables a pass run
 * elsewhere (Spark) wrote, loaded in place of the store's own.
 */
package io.flakelens.store.export;
