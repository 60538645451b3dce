package io.flakelens.core.tickets;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which tickets at a tracker are flake tickets filed by people: carrying one of {@code labels}, or
 * titled with one of {@code titlePrefixes} ({@code [Flaky Test] ...}); open, or closed as done within
 * {@code closedWithin}. A ticket Flakelens filed itself (its body carries a {@code flakelens-} marker)
 * is the store's business, not this.
 */
public record TicketSelection(List<String> labels, List<String> titlePrefixes, Duration closedWithin) {
    public static final List<String> DEFAULT_LABELS = List.of("kind/flake", "kind/failing-test");
    public static final List<String> DEFAULT_TITLES = List.of("[Flaky Test]", "[Failing Test]");
    public static final Duration DEFAULT_CLOSED_WITHIN = Duration.ofDays(30);

    private static final Pattern MARKER = Pattern.compile("(?<![\\w-])flakelens-[0-9a-f]{16}(?![\\w-])");

    public TicketSelection {
        labels = List.copyOf(labels);
        titlePrefixes = List.copyOf(titlePrefixes);
        if (closedWithin.isNegative()) {
            throw new IllegalArgumentException("the span for closed tickets cannot be negative");
        }
    }

    public static TicketSelection defaults() {
        return new TicketSelection(DEFAULT_LABELS, DEFAULT_TITLES, DEFAULT_CLOSED_WITHIN);
    }

    /** Labelled or titled as a flake ticket, and recent enough: what a label or title listing keeps. */
    public boolean selects(Ticket t, Instant now) {
        return (labelled(t) || titled(t)) && current(t, now);
    }

    /** Open, or closed as done at most {@code closedWithin} before {@code now}; never one of Flakelens's own. */
    public boolean current(Ticket t, Instant now) {
        if (filedByFlakelens(t)) {
            return false;
        }
        return t.open() || (t.completed() && !t.closedAt().isBefore(now.minus(closedWithin)));
    }

    boolean labelled(Ticket t) {
        return t.labels().stream().anyMatch(l -> labels.stream().anyMatch(l::equalsIgnoreCase));
    }

    boolean titled(Ticket t) {
        String title = t.title().strip().toLowerCase(Locale.ROOT);
        return titlePrefixes.stream().anyMatch(p -> title.startsWith(p.toLowerCase(Locale.ROOT)));
    }

    public static boolean filedByFlakelens(Ticket t) {
        return MARKER.matcher(t.body()).find();
    }
}
