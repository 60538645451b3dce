package io.flakelens.core.ingest;

import io.flakelens.core.model.TestId;

/**
 * .NET reports (NUnit 2, TRX without definitions, xUnit display names) often give only a full
 * name such as {@code Ns.Fixture<Double>(1.5).Method(2.5,"a.b")}. The suite is everything before
 * the last dot that is outside brackets and string literals; a plain last-dot split would cut
 * inside the arguments and make every parameter value its own suite.
 */
final class DottedNames {
    private DottedNames() {}

    /** Splits a full name into suite and name; a name with no top-level dot has an empty suite. */
    static TestId split(String full) {
        int at = lastTopLevelDot(full);
        if (at <= 0 || at == full.length() - 1) {
            return new TestId("", full);
        }
        return new TestId(full.substring(0, at), full.substring(at + 1));
    }

    /** Index of the last dot outside (), [], {}, <> and quotes, or -1. */
    static int lastTopLevelDot(String s) {
        int depth = 0;
        char quote = 0;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'' -> {
                    // An apostrophe outside brackets is prose ("Can't.Do"), not a literal.
                    if (c == '"' || depth > 0) {
                        quote = c;
                    }
                }
                case '(', '[', '{', '<' -> depth++;
                case ')', ']', '}', '>' -> depth = Math.max(0, depth - 1);
                case '.' -> {
                    if (depth == 0) {
                        last = i;
                    }
                }
                default -> {}
            }
        }
        return last;
    }

    /** The name without a {@code prefix.} it starts with, else unchanged. */
    static String stripPrefix(String name, String prefix) {
        if (prefix != null
                && !prefix.isEmpty()
                && name.length() > prefix.length() + 1
                && name.startsWith(prefix)
                && name.charAt(prefix.length()) == '.') {
            return name.substring(prefix.length() + 1);
        }
        return name;
    }
}
