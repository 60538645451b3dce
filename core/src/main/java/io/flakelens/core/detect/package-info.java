/**
 * Flake detection's definitions and ranking: the evidence kinds, how parameterised tests group,
 * and the scores that order the list. The set-based evidence queries run in the store.
 */
package io.flakelens.core.detect;
