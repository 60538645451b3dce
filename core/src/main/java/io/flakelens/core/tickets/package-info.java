/**
 * Flake tickets people file by hand at a tracker ({@code [Flaky Test] ...}, {@code kind/flake}):
 * which ones count, which tests and jobs each one names and how surely, and how far the work on it
 * has come. Pure functions of the tickets as read; reading them is the tracker client's job.
 */
package io.flakelens.core.tickets;
