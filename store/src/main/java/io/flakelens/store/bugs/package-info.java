/**
 * What bug filing needs from the store: each flake's recent occurrences with their runs, changes
 * and failure messages, and the bugs already filed (with the actions that count against the rate
 * limit and the write-ahead intents that make creation safe across a crash).
 */
package io.flakelens.store.bugs;
