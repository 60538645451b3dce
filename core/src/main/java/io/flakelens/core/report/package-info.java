/**
 * Renderers for everything a command prints: one tabular shape in, table, csv, org, markdown or
 * html out; JSON is written from the records' own structure by the caller.
 */
package io.flakelens.core.report;
