package io.flakelens.app.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code --since}: a span back from now ({@code 14d}, {@code 12h}, {@code 2w}), a date, or
 * {@code all}. A window reaching back past 1970 (however many digits its span has) means all; a
 * moment after the year 9999 is read as the end of 9999 (an empty window), so no value overflows.
 */
public final class Since {
    private static final Pattern SPAN = Pattern.compile("(\\d+)([smhdw])");
    /** The latest moment a window may start; every store holds it, and later ones overflow some. */
    static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private Since() {
    }

    public static Instant parse(String s, Instant now) {
        if (s == null || s.strip().equalsIgnoreCase("all")) {
            return Instant.EPOCH;
        }
        Matcher m = SPAN.matcher(s.strip());
        if (m.matches()) {
            long unit = switch (m.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3_600;
                case "d" -> 86_400;
                default -> 7 * 86_400;
            };
            BigInteger back = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
            long before = Math.max(0, now.getEpochSecond());
            if (back.compareTo(BigInteger.valueOf(before)) >= 0) {
                return Instant.EPOCH;
            }
            return clamp(now.minusSeconds(back.longValue()));
        }
        try {
            return clamp(Instant.parse(s.strip()));
        } catch (RuntimeException e) {
            try {
                return clamp(LocalDate.parse(s.strip()).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (RuntimeException e2) {
                throw new UserException("--since: cannot read \"" + s + "\"; use a span like 14d, 12h or 2w,"
                        + " a date like 2026-11-01, or all");
            }
        }
    }

    private static Instant clamp(Instant t) {
        if (t.isBefore(Instant.EPOCH)) {
            return Instant.EPOCH;
        }
        return t.isAfter(LAST) ? LAST : t;
    }
}
