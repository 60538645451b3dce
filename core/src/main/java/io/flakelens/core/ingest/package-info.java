/**
 * Reading test reports: sniff the format from content, parse it as a stream of test cases, never
 * trusting the input (no DTDs, bounded depth and text, positions in every error).
 */
package io.flakelens.core.ingest;
