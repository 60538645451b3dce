/** Read-side queries that commands and the API show: one test's history, runs, infrastructure failures. */
package io.flakelens.store.query;
