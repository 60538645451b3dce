/** What the CI gate asks the store about the tests a run failed. */
package io.flakelens.store.gate;
