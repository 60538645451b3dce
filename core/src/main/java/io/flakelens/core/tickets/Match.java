package io.flakelens.core.tickets;

/**
 * A ticket naming a test (on any job) or a job (all its tests).
 *
 * @param target a test id for test-level strengths, else a job name
 */
public record Match(Ticket ticket, Strength strength, String target) {
    public Effort effort() {
        return Effort.of(ticket);
    }
}
