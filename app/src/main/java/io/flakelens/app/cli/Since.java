package io.flakelens.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code --since}: a span back from now ({@code 14d}, {@code 12h}, {@code 2w}), a date, or {@code all}. */
public final class Since {
    private static final Pattern SPAN = Pattern.compile("(\\d+)([smhdw])");

    private Since() {
    }

    public static Instant parse(String s, Instant now) {
        if (s == null || s.equalsIgnoreCase("all")) {
            return Instant.EPOCH;
        }
        Matcher m = SPAN.matcher(s.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            try {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (RuntimeException e2) {
                throw new UserException("--since: cannot read \"" + s + "\"; use a span like 14d, 12h or 2w,"
                        + " a date like 2026-11-01, or all");
            }
        }
    }
}
