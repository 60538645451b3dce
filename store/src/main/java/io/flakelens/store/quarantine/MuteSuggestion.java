package io.flakelens.store.quarantine;

import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.model.TestId;

/** A test detection shows flaky that no stored scan finds muted. */
public record MuteSuggestion(FlakyTest flake, String evidence) implements Suggestion {
    @Override
    public TestId test() {
        return flake.id();
    }

    @Override
    public long runs() {
        return flake.runs();
    }
}
