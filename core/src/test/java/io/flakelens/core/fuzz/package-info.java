/** Seeded mutation of real-shaped inputs, shared by the parser and failure-record fuzz tests. */
package io.flakelens.core.fuzz;
