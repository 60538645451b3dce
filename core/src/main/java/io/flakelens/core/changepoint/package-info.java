/**
 * When a test's behaviour changed, and between which commits. Each test's history on one job and
 * builder, in commit order, is cut into segments of steady behaviour by binary segmentation over
 * beta-binomial likelihoods, as LUCI Analysis does: one model for "a run had an unexpected result"
 * and one for "given that, it stayed unexpected after retries", so a test that starts flaking and a
 * test that starts failing outright are both changes. Each cut comes with a 99% interval over the
 * commits where it may lie, which is what a rerun plan narrows down.
 */
package io.flakelens.core.changepoint;
