package io.flakelens.core.changepoint;

/**
 * Rerun the test {@code iterations} more times at {@code revision} (position {@code index} in
 * commit order).
 */
public record Probe(String revision, int index, int iterations) {}
