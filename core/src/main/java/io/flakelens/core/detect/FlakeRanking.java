package io.flakelens.core.detect;

import java.util.Comparator;
import java.util.List;

/**
 * Orders flaky tests most harmful first: by score, then by flake rate (of two equally scored tests
 * the one that fails more often wastes more), then by recency, then by id so the order is total and
 * reproducible.
 */
public final class FlakeRanking {
    public static final Comparator<FlakyTest> MOST_HARMFUL_FIRST = Comparator.comparingLong(FlakyTest::score)
            .reversed()
            .thenComparing(Comparator.comparingDouble(FlakyTest::flakeRate).reversed())
            .thenComparing(FlakyTest::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(t -> t.id().id());

    private FlakeRanking() {}

    public static List<FlakyTest> rank(List<FlakyTest> tests, int limit) {
        return tests.stream()
                .sorted(MOST_HARMFUL_FIRST)
                .limit(limit <= 0 ? Long.MAX_VALUE : limit)
                .toList();
    }
}
