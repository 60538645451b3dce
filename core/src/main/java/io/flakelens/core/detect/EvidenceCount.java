package io.flakelens.core.detect;

/**
 * One test's occurrences of one evidence kind in the window, split as Findit splits them.
 *
 * @param postSubmit true for occurrences on the main line (no change), counted one each
 * @param changes    distinct changes hurt (presubmit only; patchsets of one change count once)
 */
public record EvidenceCount(EvidenceKind kind, boolean postSubmit, long occurrences, long changes) {}
