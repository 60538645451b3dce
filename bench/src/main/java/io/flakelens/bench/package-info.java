/**
 * Benchmarks behind {@code flakelens bench}: the budgets of docs/design.md measured on this machine
 * (parse MB/s per core, end-to-end ingest results/s, detection and ranking over 10 million
 * results, a 1 GB report in a small heap). Timings live here, never in unit tests.
 */
package io.flakelens.bench;
