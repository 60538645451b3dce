package io.flakelens.core.bugs;

import io.flakelens.core.tickets.Ticket;
import io.flakelens.core.tickets.TicketSelection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The few things bug filing asks of an issue tracker. Implementations talk HTTP; the planner never does. */
public interface BugTracker {
    /** Names the tracker and project in bug ids: {@code github:acme/widgets}. */
    String name();

    /**
     * The newest bug whose body carries {@code marker}, open or closed, other than those numbered in
     * {@code known} (a refiled flake's old bug carries the same marker). {@code createdSince}, when not
     * null, says a create may have happened since then without being recorded: look beyond the
     * search index (which lags) at the bugs created since.
     */
    Optional<BugRef> find(String marker, Instant createdSince, Set<Long> known);

    BugRef create(String title, String body, List<String> labels);

    void comment(long number, String body);

    BugRef reopen(long number);

    /** The bug as the tracker has it now (its state may have changed by hand). */
    Optional<BugRef> get(long number);

    /**
     * Flake tickets people filed, as {@code selection} chooses them as of {@code now}: open ones and
     * those closed as done within its span, never Flakelens's own.
     */
    List<Ticket> flakeTickets(TicketSelection selection, Instant now);

    /** The pull requests linked to a ticket; empty where the tracker does not tell. */
    List<Ticket.LinkedChange> linkedChanges(Ticket ticket);

    /**
     * A ticket named in source or text ({@code #12}, {@code FLK-3}, a URL) when it is one of this
     * tracker's; empty when it is not, or the tracker does not have it.
     */
    Optional<Ticket> ticket(String reference);
}
