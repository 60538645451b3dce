package io.flakelens.app.owner;

import java.util.List;

/** One owner's share of the flake list: {@code flakes --by-owner}. */
public record OwnerTotal(
        String owner, long flakyTests, long occurrences, long changes, long score, List<String> tests) {
    public OwnerTotal {
        tests = List.copyOf(tests);
    }
}
