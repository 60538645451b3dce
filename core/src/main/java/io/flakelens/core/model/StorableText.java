package io.flakelens.core.model;

/**
 * What text a store can keep exactly: any Unicode, CR, LF, quotes, delimiters and backslashes, but
 * not a NUL (PostgreSQL's text cannot hold one) and not half of a surrogate pair (no UTF-8 for it).
 * Such text is refused where it enters, naming the field, never silently altered: dropping a NUL
 * would make two different run ids one.
 */
public final class StorableText {
    private StorableText() {}

    /** The index of the first character no store can keep, or -1 when all of {@code s} can be stored. */
    public static int firstUnstorable(String s) {
        if (s == null) {
            return -1;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Null when {@code s} can be stored, else what is wrong with it, e.g. "a NUL character (U+0000) at character 4". */
    public static String problem(String s) {
        int at = firstUnstorable(s);
        if (at < 0) {
            return null;
        }
        char c = s.charAt(at);
        String what = c == 0 ? "a NUL character (U+0000)" : String.format("an unpaired surrogate (U+%04X)", (int) c);
        return what + " at character " + (at + 1);
    }

    /**
     * Returns {@code value} when it can be stored.
     *
     * @throws IllegalArgumentException naming {@code field} when it cannot
     */
    public static String require(String field, String value) {
        String p = problem(value);
        if (p != null) {
            throw new IllegalArgumentException(field + " holds " + p + ", which no store can keep");
        }
        return value;
    }

    /**
     * The first {@code max} characters of {@code s} at most, never cutting a surrogate pair in two
     * (which would leave half a character that no store can keep).
     */
    public static String cap(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, end(s, max));
    }

    /** {@code end}, or one less where a cut there would split a surrogate pair. */
    public static int end(CharSequence s, int end) {
        if (end > 0
                && end < s.length()
                && Character.isHighSurrogate(s.charAt(end - 1))
                && Character.isLowSurrogate(s.charAt(end))) {
            return end - 1;
        }
        return end;
    }

    /** {@code start}, or one more where text starting there would begin with the second half of a pair. */
    public static int start(CharSequence s, int start) {
        if (start > 0
                && start < s.length()
                && Character.isLowSurrogate(s.charAt(start))
                && Character.isHighSurrogate(s.charAt(start - 1))) {
            return start + 1;
        }
        return start;
    }
}
