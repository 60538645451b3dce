package io.flakelens.core.gate;

/**
 * One failure with the gate's decision.
 *
 * @param letThrough true when the policy lets the build pass despite this failure
 * @param reason     why, in words a CI page can show
 */
public record Judged(GateFailure failure, Finding finding, boolean letThrough, String reason) {}
