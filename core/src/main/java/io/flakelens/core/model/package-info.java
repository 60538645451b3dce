/**
 * The domain records every other package speaks: runs, tests, attempts and their outcomes.
 * Plain immutable data; no I/O lives here.
 */
package io.flakelens.core.model;
