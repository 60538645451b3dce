package io.flakelens.store.quarantine;

import io.flakelens.core.model.TestId;

/** Something the inventory and detection together say should change in the source. */
public sealed interface Suggestion permits MuteSuggestion, UnmuteSuggestion {
    TestId test();

    /** The facts the suggestion rests on, in a sentence. */
    String evidence();

    /** How many runs (in the window) the suggestion rests on. */
    long runs();
}
