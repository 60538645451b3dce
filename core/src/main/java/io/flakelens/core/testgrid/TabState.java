package io.flakelens.core.testgrid;

/**
 * One tab of a dashboard summary and the state TestGrid gives it ({@code PASSING}, {@code FLAKY},
 * {@code FAILING}, {@code STALE}, {@code BROKEN}, {@code PENDING}, ...), upper case as sent.
 */
public record TabState(String tab, String status) {}
