/**
 * Automatic bug filing under Chromium Findit's limits. A flake qualifies on recent, repeated harm;
 * flakes that are one problem share one bug; bugs are touched at most once a day and at most a
 * budget of times across all flakes, worst first; a bug is found by the marker in its body before
 * one is created, so a crash can never make a second. Decisions ({@link FilingPlanner}) are pure
 * functions of the activity, the known bugs, the budget and a clock the caller passes in; the
 * tracker is behind {@link BugTracker}.
 */
package io.flakelens.core.bugs;
