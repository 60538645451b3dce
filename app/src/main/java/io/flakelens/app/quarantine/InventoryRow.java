package io.flakelens.app.quarantine;

import io.flakelens.core.quarantine.MutedTest;

/** One muted test with the snapshot it was found in: the unit of every output. */
public record InventoryRow(String repo, String branch, String commit, MutedTest entry) {}
