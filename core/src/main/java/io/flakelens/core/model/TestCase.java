package io.flakelens.core.model;

import java.util.List;

/**
 * One test as a report describes it, with every attempt in the order they ran.
 *
 * @param file source file when the report names it (used for owners and quarantine joins)
 */
public record TestCase(TestId id, String file, List<Attempt> attempts) {
    public TestCase {
        attempts = List.copyOf(attempts);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a test case needs at least one attempt: " + id);
        }
    }

    /** The outcome that counts for the run: the last attempt, a pass after failures is a flaky pass. */
    public Outcome finalOutcome() {
        return attempts.get(attempts.size() - 1).outcome();
    }

    /** Failed at least once and passed at least once in this run. */
    public boolean flaky() {
        boolean failed = false;
        boolean passed = false;
        for (Attempt a : attempts) {
            failed |= a.outcome().failed();
            passed |= a.outcome() == Outcome.PASS;
        }
        return failed && passed;
    }
}
