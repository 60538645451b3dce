package io.flakelens.store.payload;

import java.time.Instant;

/** The runs of one job tagged with one payload: how many, and when the first and last started. */
public record PayloadRuns(String payload, String job, int runs, Instant first, Instant last) {}
