/**
 * The flake-tracker report (after Kubernetes' flake tracker): per job group, each job's status, the
 * non-deterministic tests of each flaky job with owner, occurrences, flake rate and whether a bug
 * tracks them, and totals per group, job and owner. The report is one immutable value; every
 * output format is rendered from it, so the formats cannot disagree.
 */
package io.flakelens.core.tracker;
