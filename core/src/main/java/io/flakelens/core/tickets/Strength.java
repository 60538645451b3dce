package io.flakelens.core.tickets;

import java.util.Locale;

/** How surely a ticket names a test or job, strongest first. */
public enum Strength {
    /** The test's whole id ({@code suite::name}), or a descriptive name with spaces written out in full. */
    EXACT_ID,
    /** {@code Class.method} or {@code Class#method}: the suite's last segment and the test's name. */
    CLASS_METHOD,
    /** A TestGrid link whose tab is the job: the ticket tracks the job, so each of its flaky tests. */
    TESTGRID,
    /** Only the job's name: the ticket tracks the job, so each of its flaky tests. */
    JOB_ONLY;

    public String label() {
        return this == CLASS_METHOD
                ? "class.method"
                : name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Names the test itself, not only its job. */
    public boolean testLevel() {
        return this == EXACT_ID || this == CLASS_METHOD;
    }
}
