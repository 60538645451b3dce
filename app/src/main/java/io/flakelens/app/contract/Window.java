package io.flakelens.app.contract;

import io.flakelens.app.ingest.StartTime;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The window a listing looks back over: a span back from now ({@code 14d}, {@code 12h}, {@code 2w}),
 * a date or an instant, or {@code all}. One parser and one default for the command line, the API
 * and the dashboard.
 */
public final class Window {
    /** Two weeks: long enough to see a test flaky at 1 in 10 runs of a daily job, short enough to forget fixed ones. */
    public static final String DEFAULT = "14d";

    private static final Pattern SPAN = Pattern.compile("(\\d+)([smhdw])");

    private Window() {}

    /**
     * The window's start. A span reaching before the epoch means all of history; a moment after the
     * year 9999 is read as the end of 9999 (an empty window), so no value overflows a store.
     *
     * @throws IllegalArgumentException what cannot be read, in words for a person
     */
    public static Instant start(String s, Instant now) {
        if (s == null || s.isBlank() || s.strip().equalsIgnoreCase("all")) {
            return Instant.EPOCH;
        }
        Matcher m = SPAN.matcher(s.strip());
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return Instant.EPOCH; // more digits than a long: further back than anything stored
            }
            long seconds = switch (m.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3_600;
                case "d" -> 86_400;
                default -> 7 * 86_400;
            };
            long back = now.getEpochSecond() - Instant.EPOCH.getEpochSecond();
            if (n >= back / seconds + 1) {
                return Instant.EPOCH;
            }
            Instant start = now.minus(Duration.ofSeconds(n * seconds));
            return start.isBefore(Instant.EPOCH) ? Instant.EPOCH : start;
        }
        try {
            return clamp(Instant.parse(s.strip()));
        } catch (DateTimeException e) {
            try {
                return clamp(LocalDate.parse(s.strip()).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeException e2) {
                throw new IllegalArgumentException("cannot read \"" + s + "\"; use a span like 14d, 12h or 2w,"
                        + " a date like 2026-11-01, or all");
            }
        }
    }

    private static Instant clamp(Instant t) {
        if (t.isBefore(Instant.EPOCH)) {
            return Instant.EPOCH;
        }
        return t.isAfter(StartTime.LAST) ? StartTime.LAST : t;
    }
}
