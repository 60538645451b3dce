/**
 * Builds the flake-tracker report from the store and {@code flakelens.yaml} (job groups, owners,
 * the bug repository), and serves it as a page that keeps itself current. The report's shape and
 * formats live in core ({@link io.flakelens.core.tracker}); this package only gathers its facts.
 */
package io.flakelens.app.tracker;
