package io.flakelens.app.serve;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small formatting helpers the dashboard templates call; every result is still escaped by jte. */
public final class Fmt {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Fmt() {}

    /** A path segment or query value: spaces as %20, so it reads the same in a path and a query. */
    public static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String pct(double rate) {
        return rate == 0 ? "0%" : rate < 0.001 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    /** A width for a little CSS bar, 0 to 100. */
    public static int bar(double rate) {
        return (int) Math.round(Math.max(0, Math.min(1, rate)) * 100);
    }

    public static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    public static String day(Instant t) {
        return t == null ? "" : DAY.format(t);
    }

    /** "3h ago", "5d ago": relative to now, for the last-seen column. */
    public static String ago(Instant t) {
        if (t == null) {
            return "";
        }
        Duration d = Duration.between(t, Instant.now());
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + "m ago";
        }
        if (d.toDays() < 2) {
            return d.toHours() + "h ago";
        }
        return d.toDays() + "d ago";
    }

    public static long epoch(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
    }

    /** A revision as people quote it: its first 12 characters (the page keeps the full one in a title). */
    public static String rev(String s) {
        return s == null || s.isBlank() ? "–" : s.length() > 12 ? s.substring(0, 12) : s;
    }

    /** A link only when it is http(s): a run's url comes from uploaders, and javascript: must never be clickable. */
    public static String safeUrl(String s) {
        if (s == null) {
            return null;
        }
        String lower = s.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? s.strip() : null;
    }

    public static String orDash(String s) {
        return s == null || s.isBlank() ? "–" : s;
    }
}
