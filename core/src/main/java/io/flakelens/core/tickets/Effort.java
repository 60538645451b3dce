package io.flakelens.core.tickets;

import java.util.Locale;

/**
 * How far the work on a flake ticket has come, furthest first; a ticket is in the first state that
 * holds. These are the Kubernetes CI-signal board's columns.
 */
public enum Effort {
    /** Closed as done. */
    FIXED,
    /** A linked pull request was merged and the ticket is still open: watching whether the fix holds. */
    MONITORING,
    /** A linked pull request is open. */
    PR_SUBMITTED,
    /** Someone is assigned, or it carries {@code triage/accepted} or a {@code priority/*} label. */
    TRIAGED,
    /** Nobody has picked it up. */
    AWAITING_RESPONSE;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Effort of(Ticket t) {
        if (!t.open()) {
            return FIXED;
        }
        if (t.changes().stream().anyMatch(Ticket.LinkedChange::merged)) {
            return MONITORING;
        }
        if (t.changes().stream().anyMatch(Ticket.LinkedChange::open)) {
            return PR_SUBMITTED;
        }
        boolean triageLabel = t.labels().stream()
                .anyMatch(l -> l.equalsIgnoreCase("triage/accepted")
                        || l.toLowerCase(Locale.ROOT).startsWith("priority/"));
        return t.assigned() || triageLabel ? TRIAGED : AWAITING_RESPONSE;
    }
}
