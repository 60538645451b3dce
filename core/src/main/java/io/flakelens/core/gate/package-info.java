/**
 * The CI gate: given the failures of one run and what the history says about each failed test
 * (flake evidence, whether it fails on the main line, a mute in the source, a model's probability),
 * decides under a {@link io.flakelens.core.gate.GatePolicy} which failures a build may let through.
 * Pure: the evidence comes from the store or a server, read by the caller.
 */
package io.flakelens.core.gate;
