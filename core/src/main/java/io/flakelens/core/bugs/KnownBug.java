package io.flakelens.core.bugs;

import java.time.Instant;

/** A bug already filed for a flake, as the planner needs it: its state and when Flakelens last touched it. */
public record KnownBug(BugRef ref, Instant createdAt, Instant touchedAt) {}
