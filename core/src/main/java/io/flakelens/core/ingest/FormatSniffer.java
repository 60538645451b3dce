package io.flakelens.core.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a report's format from its first bytes, never from its name: CI systems name reports
 * anything ({@code test.xml}, {@code results.trx}, {@code report.json}, {@code out}).
 */
public final class FormatSniffer {
    /** Bytes read to decide; enough to get past an XML prolog with comments and a stylesheet. */
    public static final int HEAD = 8_192;

    private static final Pattern XML_ROOT = Pattern.compile("<([A-Za-z_][\\w.:-]*)");
    /**
     * A TAP plan or test point, possibly indented as a subtest's are; not go test's package summary
     * ({@code ok  \tpkg\t0.1s}), whose tab no TAP writer puts after "ok".
     */
    private static final Pattern TAP_LINE = Pattern.compile("^\\s*(1\\.\\.\\d+|(not )?ok\\b(?! *\\t))");
    /** The version line TAP 13 and 14 start with; it may follow a harness's own output. */
    private static final Pattern TAP_VERSION = Pattern.compile("(?m)^TAP version \\d+\\s*$");
    /** A test2json event; go test may print build output before the first one. */
    private static final Pattern GO_EVENT = Pattern.compile("(?m)^\\s*\\{.*\"Action\"\\s*:");
    /** A JSON key (not a quoted word inside a string value, whose quotes would be escaped). */
    private static final String KEY = "(?<!\\\\)\"%s\"\\s*:";

    private static final Pattern ACTION_KEY = Pattern.compile(KEY.formatted("Action"));
    private static final Pattern LOG_KEY = Pattern.compile(KEY.formatted("log"));
    private static final Pattern COCKPIT_KEY =
            Pattern.compile(KEY.formatted("(test|pull|context|revision|merged|status)"));

    private FormatSniffer() {}

    /** The parser for this content, or empty when no known format matches. */
    public static Optional<ReportParser> sniff(byte[] head, int length) {
        String text = decode(head, length);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String t = text.stripLeading();
        if (t.startsWith("<")) {
            return Optional.ofNullable(byRoot(rootElement(t)));
        }
        if (t.startsWith("{") || t.startsWith("[")) {
            return Optional.ofNullable(byJson(t));
        }
        if (GO_EVENT.matcher(t).find()) {
            return Formats.parser("go-test2json");
        }
        if (tap(t)) {
            return Formats.parser("tap");
        }
        return Optional.empty();
    }

    /** UTF-8 unless a byte order mark or the zero bytes of {@code <?xml} in UTF-16 say otherwise. */
    private static String decode(byte[] head, int length) {
        if (length >= 2) {
            int b0 = head[0] & 0xff;
            int b1 = head[1] & 0xff;
            if (b0 == 0xFE && b1 == 0xFF || b0 == 0 && b1 == '<') {
                return new String(head, 0, length & ~1, StandardCharsets.UTF_16BE);
            }
            if (b0 == 0xFF && b1 == 0xFE || b0 == '<' && b1 == 0) {
                return new String(head, 0, length & ~1, StandardCharsets.UTF_16LE);
            }
        }
        return new String(head, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * TAP: a version line at the start of a line anywhere in the head, or a plan or test point as
     * the first line that is not blank and not a {@code #} comment. A file whose first real line
     * is anything else is not TAP, however many "ok" lines follow.
     */
    private static boolean tap(String t) {
        if (TAP_VERSION.matcher(t).find()) {
            return true;
        }
        for (String line : t.split("\n", 200)) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            return TAP_LINE.matcher(line).find();
        }
        return false;
    }

    /** The first element name after the prolog, comments, processing instructions and doctype. */
    static String rootElement(String t) {
        int i = 0;
        while (i < t.length()) {
            int lt = t.indexOf('<', i);
            if (lt < 0 || lt + 1 >= t.length()) {
                return null;
            }
            char c = t.charAt(lt + 1);
            if (c == '?') {
                i = skipPast(t, lt, "?>");
            } else if (t.startsWith("<!--", lt)) {
                i = skipPast(t, lt, "-->");
            } else if (c == '!') {
                // A DOCTYPE: the parser refuses it with a position; here it only must not hide the root.
                i = skipPast(t, lt, ">");
            } else {
                Matcher m = XML_ROOT.matcher(t);
                if (m.find(lt) && m.start() == lt) {
                    String name = m.group(1);
                    int colon = name.indexOf(':');
                    return colon >= 0 ? name.substring(colon + 1) : name;
                }
                return null;
            }
            if (i < 0) {
                return null;
            }
        }
        return null;
    }

    private static int skipPast(String t, int from, String end) {
        int at = t.indexOf(end, from);
        return at < 0 ? -1 : at + end.length();
    }

    private static ReportParser byRoot(String root) {
        if (root == null) {
            // XML we cannot place (truncated before the root, say): the JUnit parser gives the position.
            return Formats.parser("junit").orElse(null);
        }
        String format = switch (root) {
            case "testsuites", "testsuite", "testcase" -> "junit";
            case "test-run", "test-results", "test-suite" -> "nunit";
            case "assemblies", "assembly" -> "xunit";
            case "TestRun" -> "trx";
            default -> null;
        };
        return format == null ? null : Formats.parser(format).orElse(null);
    }

    private static ReportParser byJson(String t) {
        // test2json events always carry an Action. Cockpit records carry a log and some of test,
        // pull, context, revision, merged, status; the log can be far longer than the head, so
        // the keys written after it may not be in sight, but Cockpit writes several before it.
        if (ACTION_KEY.matcher(t).find()) {
            return Formats.parser("go-test2json").orElse(null);
        }
        if (LOG_KEY.matcher(t).find() && COCKPIT_KEY.matcher(t).find()) {
            return Formats.parser("cockpit").orElse(null);
        }
        return null;
    }
}
