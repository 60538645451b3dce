package io.flakelens.core.cluster;

/**
 * Replaces what differs between two occurrences of the same failure by a placeholder: the masks of
 * Cockpit's learner (hex, UUIDs, digit runs, paths) and of Kubernetes triage (timestamps, IPs,
 * durations). One hand-written pass over the line (a regex alternation of these was 40 µs a line,
 * too slow for thousands of failures a second). Each recogniser below says why it exists; they are
 * tried in order at the start of every word, so a UUID is never read as five hex runs.
 */
final class Masks {
    private Masks() {}

    /** The line with its variable parts replaced by {@code <uuid>}, {@code <time>}, ... placeholders. */
    static String mask(String s) {
        if (!needsMasking(s)) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            // terminal colours: a coloured and a plain log of the same failure must read the same
            if (c == '\u001B') {
                int j = i + 1;
                if (j < n && s.charAt(j) == '[') {
                    j++;
                    while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';' || s.charAt(j) == '?')) {
                        j++;
                    }
                    if (j < n && Character.isLetter(s.charAt(j))) {
                        j++;
                    }
                }
                i = j;
                continue;
            }
            // directories differ between checkouts and machines; the file name after them is kept
            if (c == '/') {
                int end = directories(s, i);
                if (end > i) {
                    out.append("<path>/");
                    i = end;
                    continue;
                }
                out.append(c);
                i++;
                continue;
            }
            boolean wordStart = i == 0 || !isWord(s.charAt(i - 1));
            if (isHex(c) && wordStart && s.charAt(Math.max(0, i - 1)) != '.') {
                int end = variable(s, i, out);
                if (end > i) {
                    i = end;
                    continue;
                }
            }
            // any other digit run: counters, ports, pids, sizes, attempt numbers, numbered names
            if (isDigit(c)) {
                int j = i;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
                out.append("<n>");
                i = j;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Tries the word-shaped masks at {@code i}; returns the end of what was masked, or {@code i}. */
    private static int variable(String s, int i, StringBuilder out) {
        int n = s.length();
        int w = i;
        while (w < n && isWord(s.charAt(w))) {
            w++;
        }
        int len = w - i;
        // UUIDs name machines, connections and temporary objects afresh on every run
        if (len == 8 && allHex(s, i, w) && hexGroups(s, w, 4, 4, 4, 12)) {
            out.append("<uuid>");
            return w + 4 * 1 + 4 + 4 + 4 + 12;
        }
        // MAC addresses of virtual machines are random per run
        if (len == 2
                && allHex(s, i, w)
                && hexGroups(s, w, 2, 2, 2, 2, 2)
                && (w + 15 >= n || !isWord(s.charAt(w + 15)))) {
            out.append("<mac>");
            return w + 15;
        }
        // timestamps (ISO dates with optional time and zone, or a bare clock time) say when, not what
        if (len == 4
                && allDigits(s, i, w)
                && at(s, w, '-')
                && digits(s, w + 1, 2)
                && at(s, w + 3, '-')
                && digits(s, w + 4, 2)) {
            int j = w + 6;
            if ((at(s, j, 'T') || at(s, j, ' ')) && clock(s, j + 1) > j + 1) {
                j = clock(s, j + 1);
                if (at(s, j, 'Z')) {
                    j++;
                } else if ((at(s, j, '+') || at(s, j, '-')) && digits(s, j + 1, 2)) {
                    j += 3;
                    if (at(s, j, ':')) {
                        j++;
                    }
                    while (j < n && isDigit(s.charAt(j))) {
                        j++;
                    }
                }
            }
            out.append("<time>");
            return j;
        }
        if (len == 2 && allDigits(s, i, w) && clock(s, i) > w) {
            out.append("<time>");
            return clock(s, i);
        }
        // IPv4 addresses with an optional port: which machine ran it, not what failed
        if (len <= 3 && allDigits(s, i, w)) {
            int j = w;
            int parts = 1;
            while (parts < 4 && at(s, j, '.') && j + 1 < n && isDigit(s.charAt(j + 1))) {
                int k = j + 1;
                while (k < n && isDigit(s.charAt(k)) && k - j <= 3) {
                    k++;
                }
                j = k;
                parts++;
            }
            if (parts == 4 && (j >= n || !isWord(s.charAt(j)))) {
                if (at(s, j, ':') && j + 1 < n && isDigit(s.charAt(j + 1))) {
                    j++;
                    while (j < n && isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                out.append("<ip>");
                return j;
            }
        }
        // 0x pointers, object identity hashes (Foo@1b6d3586), commit ids: hex with a digit and a letter
        if (len > 2
                && s.charAt(i) == '0'
                && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && allHex(s, i + 2, w)) {
            out.append("<hex>");
            return w;
        }
        if (len >= 7 && allHex(s, i, w) && !allDigits(s, i, w) && hasDigit(s, i, w)) {
            out.append("<hex>");
            return w;
        }
        // durations (12ms, 1.5s) vary with load
        int j = i;
        while (j < n && isDigit(s.charAt(j))) {
            j++;
        }
        if (j > i) {
            if (at(s, j, '.') && j + 1 < n && isDigit(s.charAt(j + 1))) {
                j++;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
            }
            int unit = unit(s, j);
            if (unit > j && (unit >= n || !isWord(s.charAt(unit)))) {
                out.append("<dur>");
                return unit;
            }
        }
        return i;
    }

    private static int unit(String s, int j) {
        for (String u : new String[] {"ns", "us", "\u00b5s", "ms", "s", "m", "h"}) {
            if (s.startsWith(u, j)) {
                return j + u.length();
            }
        }
        return j;
    }

    /** {@code hh:mm[:ss[.frac]]} at {@code i}: returns its end, or {@code i}. */
    private static int clock(String s, int i) {
        if (!(digits(s, i, 2) && at(s, i + 2, ':') && digits(s, i + 3, 2))) {
            return i;
        }
        int j = i + 5;
        if (at(s, j, ':') && digits(s, j + 1, 2)) {
            j += 3;
            if ((at(s, j, '.') || at(s, j, ',')) && j + 1 < s.length() && isDigit(s.charAt(j + 1))) {
                j++;
                while (j < s.length() && isDigit(s.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    /** {@code /dir/dir/} before a file name: returns the end of the last directory's slash, or {@code i}. */
    private static int directories(String s, int i) {
        int n = s.length();
        int j = i;
        int lastSlash = -1;
        int slashes = 0;
        while (j < n && s.charAt(j) == '/' && j + 1 < n && isPath(s.charAt(j + 1))) {
            lastSlash = j;
            slashes++;
            j++;
            while (j < n && isPath(s.charAt(j))) {
                j++;
            }
        }
        return slashes >= 2 ? lastSlash + 1 : i;
    }

    private static boolean hexGroups(String s, int from, int... sizes) {
        int j = from;
        for (int size : sizes) {
            if (!(at(s, j, '-') || at(s, j, ':'))) {
                return false;
            }
            if (j + 1 + size > s.length() || !allHex(s, j + 1, j + 1 + size)) {
                return false;
            }
            j += 1 + size;
        }
        return true;
    }

    private static boolean needsMasking(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c >= '0' && c <= '9') || c == '/' || c == '\u001B') {
                return true;
            }
        }
        return false;
    }

    private static boolean at(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private static boolean digits(String s, int i, int count) {
        return i + count <= s.length() && allDigits(s, i, i + count);
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean hasDigit(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isPath(char c) {
        return isWord(c) || c == '.' || c == '@' || c == '+' || c == '~' || c == '-';
    }
}
