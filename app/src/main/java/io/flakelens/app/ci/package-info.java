/**
 * What runs in the CI step right after the tests: {@code flakelens gate} (read this run's reports,
 * ask the store or a server about each failure, judge under a policy, say so where the CI shows it)
 * and {@code flakelens upload} (the client of {@code POST /api/v1/runs}, with retries).
 */
package io.flakelens.app.ci;
