/**
 * Release-payload judgement and historical threshold comparison, after OpenShift's
 * job-run-aggregator. A release team runs one job many times against one payload; the question is
 * not "did every test pass" (flaky tests never all pass) but "did any test pass less often than its
 * own history makes plausible". The rules are the original's, stated in {@link PayloadJudge}; the
 * statistics come from Apache Commons Statistics rather than hand-copied tables so that every row
 * can be recomputed and checked; and the judgement says how weak it is ({@link JudgementPower}),
 * which the original never did. The historical comparison gates a refresh of the disruption and
 * alert percentile thresholds behind a review when they move. No I/O but files the caller names.
 */
package io.flakelens.core.aggregate;
