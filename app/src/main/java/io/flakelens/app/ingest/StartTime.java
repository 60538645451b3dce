package io.flakelens.app.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A run's start time as a manifest, an upload or {@code --started} gives it: ISO-8601 with a zone
 * ({@code 2026-11-27T10:00:00Z}, {@code 2026-11-27T11:00:00+01:00}) or whole seconds since 1970.
 * Only 1970 to 9999 is a time a CI run can have started, and every store can hold.
 */
public final class StartTime {
    static final Instant FIRST = Instant.EPOCH;
    /** The latest time every store can hold; later ones overflow some. */
    public static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private StartTime() {}

    /**
     * @throws IllegalArgumentException in words fit to follow the field's name
     */
    public static Instant parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        Instant at;
        try {
            at = Instant.parse(t);
        } catch (RuntimeException e) {
            try {
                at = OffsetDateTime.parse(t).toInstant();
            } catch (RuntimeException e2) {
                if (!t.matches("\\d{1,12}")) {
                    throw new IllegalArgumentException("\"" + s + "\" is not an ISO-8601 time like"
                            + " 2026-11-27T10:00:00Z (or whole seconds since 1970)");
                }
                at = Instant.ofEpochSecond(Long.parseLong(t));
            }
        }
        return check(at, s);
    }

    /** Seconds since 1970, as a JSON number gives them. */
    public static Instant ofEpochSecond(long seconds) {
        if (seconds < 0 || seconds > LAST.getEpochSecond()) {
            throw new IllegalArgumentException(seconds + " seconds since 1970 is not between 1970 and 9999");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static Instant check(Instant at, String s) {
        if (at.isBefore(FIRST) || at.isAfter(LAST)) {
            throw new IllegalArgumentException("\"" + s + "\" is not between 1970 and 9999");
        }
        return at;
    }
}
