package io.flakelens.core.quarantine;

import io.flakelens.core.model.TestId;

/**
 * One muted test found in the source.
 *
 * @param file   path relative to the repository root, with forward slashes
 * @param line   1-based line of the marker
 * @param test   named as ingested reports name it; the name {@link #ANY} stands for every test of the
 *               suite when a class-level marker covers no test the scanner could see
 * @param marker the marker as written, without arguments ({@code pytest.mark.xfail}, {@code Disabled})
 * @param ticket the tracker reference, when the marker or its reason gives one
 */
public record MutedTest(
        String file,
        int line,
        Language language,
        TestId test,
        String marker,
        String ticket,
        String reason,
        String since,
        Scope scope) {
    /** The name of an entry that mutes every test of its suite. */
    public static final String ANY = "*";

    public boolean wholeSuite() {
        return test.name().equals(ANY);
    }
}
