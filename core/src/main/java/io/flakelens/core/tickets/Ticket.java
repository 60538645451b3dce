package io.flakelens.core.tickets;

import java.time.Instant;
import java.util.List;

/**
 * A ticket as the tracker shows it.
 *
 * @param id        tracker-qualified and stable, as bugs are: {@code github:acme/widgets#12}, {@code jira:FLK-3}
 * @param number    the tracker's number for API calls (GitHub's issue number, Jira's numeric id)
 * @param key       what people write: {@code #12}, {@code FLK-3}
 * @param closedAt  when it was closed (resolved), null while open
 * @param completed closed as done (GitHub {@code completed}, a Jira resolution other than won't-do);
 *                  a ticket closed otherwise (not planned, duplicate) tracks nothing
 * @param assigned  someone is assigned
 * @param changes   pull requests linked to it, as far as the tracker tells
 */
public record Ticket(
        String id,
        long number,
        String key,
        String url,
        String title,
        String body,
        List<String> labels,
        Instant closedAt,
        boolean completed,
        boolean assigned,
        List<LinkedChange> changes) {
    public Ticket {
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        labels = List.copyOf(labels);
        changes = List.copyOf(changes);
    }

    public boolean open() {
        return closedAt == null;
    }

    public Ticket withChanges(List<LinkedChange> linked) {
        return new Ticket(id, number, key, url, title, body, labels, closedAt, completed, assigned, linked);
    }

    /** A pull request that mentions the ticket: open, merged, or closed unmerged. */
    public record LinkedChange(String url, boolean open, boolean merged) {}
}
