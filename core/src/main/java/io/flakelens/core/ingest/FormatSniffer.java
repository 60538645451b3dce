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
    private static final Pattern TAP_START = Pattern.compile("^(TAP version \\d+|1\\.\\.\\d+|(not )?ok\\b)");

    private FormatSniffer() {
    }

    /** The parser for this content, or empty when no known format matches. */
    public static Optional<ReportParser> sniff(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
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
        if (TAP_START.matcher(t).find()) {
            return Formats.parser("tap");
        }
        return Optional.empty();
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
        // test2json lines always carry an Action; Cockpit records carry a log and a test.
        if (t.contains("\"Action\"")) {
            return Formats.parser("go-test2json").orElse(null);
        }
        if (t.contains("\"log\"") && t.contains("\"test\"")) {
            return Formats.parser("cockpit").orElse(null);
        }
        return null;
    }
}
