package io.flakelens.core.owner;

/**
 * What the owner rules look at: where a test ran and what it is. Any field may be null when the
 * store does not know it (reports often omit the file).
 */
public record Subject(String job, String suite, String name, String file) {}
