package io.flakelens.core.cluster;

/**
 * Why a failure happened and where, as a person triaging it reads it: the reason line (the
 * exception type with its message, the values in it masked, or for a build log its first telling
 * line), the first frame of the code under test (where the fault is) and the test class that saw it.
 *
 * @param line     the masked reason line; empty when the text has none
 * @param location the first frame of the code under test, {@code Owner.method}; empty when the trace
 *                 shows none (Surefire cut it to the test's frames, or it is a log)
 * @param suite    the first test frame's class or file; empty when none
 */
record FailureReason(String line, String location, String suite) {
    static final FailureReason NONE = new FailureReason("", "", "");

    /** Longest reason line kept: a message is read for its kind, not for its every word. */
    static final int MAX_LINE = 200;

    static FailureReason of(String line, String location, String suite) {
        String l = line == null ? "" : line;
        return new FailureReason(
                l.length() > MAX_LINE ? l.substring(0, MAX_LINE) : l,
                location == null ? "" : location,
                suite == null ? "" : suite);
    }

    /**
     * The message with its values masked: what an assertion compared, or a message quoted, differs
     * between failures of one fault (the same helper asserting on other data), while the words
     * around the values say what was checked. Quoted text ({@code "..."}, {@code '...'},
     * {@code `...`}) and bracketed values ({@code <...>}, {@code [...]}, balanced) become
     * {@code <v>}; so does the rest of a line after {@code expected}/{@code but was} words that are
     * not followed by a bracket (Hamcrest's {@code Expected: is "x"}).
     */
    static String maskValues(String message) {
        StringBuilder out = new StringBuilder(message.length());
        int n = message.length();
        int i = 0;
        while (i < n) {
            char c = message.charAt(i);
            char close = switch (c) {
                case '"' -> '"';
                case '`' -> '`';
                case '\'' -> quoteOpens(message, i) ? '\'' : 0;
                case '<' -> placeholder(message, i) ? 0 : '>';
                case '[' -> ']';
                default -> 0;
            };
            if (close != 0) {
                int end = closing(message, i, c, close);
                if (end > i) {
                    out.append("<v>");
                    i = end + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** {@code <n>}, {@code <path>}, ... are masks already, not values. */
    private static boolean placeholder(String s, int i) {
        int end = s.indexOf('>', i);
        if (end < 0 || end - i > 8) {
            return false;
        }
        for (int j = i + 1; j < end; j++) {
            if (!Character.isLowerCase(s.charAt(j))) {
                return false;
            }
        }
        return end > i + 1;
    }

    /** An apostrophe inside a word ({@code can't}) opens nothing. */
    private static boolean quoteOpens(String s, int i) {
        return i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1));
    }

    /** Where the value opened at {@code from} closes, nesting counted; {@code from} when it does not. */
    private static int closing(String s, int from, char open, char close) {
        int depth = 0;
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (open != close && c == open) {
                depth++;
            } else if (c == close && (open != close ? --depth == 0 : j > from)) {
                return j;
            }
        }
        return from;
    }

    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile(
            "[A-Za-z_$][\\w$<>]*(?:(?:\\.|::|#)[A-Za-z_$<][\\w$<>]*)+|[A-Za-z$]*[a-z][A-Z][\\w$<>]*|[A-Za-z][A-Za-z0-9]*_[\\w<>]+");

    /**
     * Names of code in a log line (qualified names, {@code Class#method}, {@code camelCase},
     * {@code snake_case}): which test or class a runner reports failed differs between failures of
     * one kind; the words around the names say what kind.
     */
    static String maskNames(String line) {
        return IDENTIFIER.matcher(line).replaceAll("<id>");
    }

    /**
     * A build log's line without what differs between runs of one cause: terminal colours, also
     * when a log viewer wrote them out as text ({@code \x1b[31m}), and everything {@link Masks} masks.
     */
    static String logLine(String line) {
        String s = line;
        if (s.indexOf("\\x1b") >= 0 || s.indexOf("\\u001b") >= 0) {
            StringBuilder b = new StringBuilder(s.length());
            int i = 0;
            while (i < s.length()) {
                int len = s.startsWith("\\x1b", i) ? 4 : s.startsWith("\\u001b", i) ? 6 : 0;
                if (len == 0) {
                    b.append(s.charAt(i++));
                    continue;
                }
                int j = i + len;
                if (j < s.length() && s.charAt(j) == '[') {
                    j++;
                    while (j < s.length()
                            && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';' || s.charAt(j) == '?')) {
                        j++;
                    }
                    if (j < s.length() && Character.isLetter(s.charAt(j))) {
                        j++;
                    }
                } else if (j < s.length()) {
                    j++; // a two-character sequence: ESC = or ESC >
                }
                i = j;
            }
            s = b.toString();
        }
        return Masks.mask(s.strip()).strip();
    }
}
