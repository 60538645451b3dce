package io.flakelens.core.owner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CODEOWNERS file with GitHub's syntax and precedence: gitignore-style patterns, the LAST
 * matching line wins, a matching line without owners leaves the path unowned. Following GitHub's
 * documentation (and not gitignore) where the two differ: {@code docs/*} owns the files directly in
 * {@code docs/} but not nested ones; {@code !} negation and {@code [ ]} ranges are not supported by
 * GitHub, so such lines are skipped rather than guessed at.
 */
public final class CodeOwners {
    public static final CodeOwners EMPTY = new CodeOwners(List.of());

    /** The places GitHub looks, in its order: the first one found is used. */
    public static final List<String> LOCATIONS = List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");

    record Entry(int line, String pattern, Pattern regex, List<String> owners) {
        boolean anchored() {
            String p = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
            return p.contains("/");
        }
    }

    private final List<Entry> entries;

    private CodeOwners(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static CodeOwners parse(String text) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty() || line.startsWith("!") || line.contains("[")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String pattern = parts[0].replace("\\#", "#").replace("\\ ", " ");
            List<String> owners = new ArrayList<>();
            for (int p = 1; p < parts.length; p++) {
                owners.add(parts[p]);
            }
            out.add(new Entry(i + 1, pattern, compile(pattern), List.copyOf(owners)));
        }
        return new CodeOwners(out);
    }

    /** A {@code #} starts a comment unless escaped as {@code \#}. */
    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || line.charAt(i - 1) != '\\')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * The owners of a repository path (relative, {@code /} separated): empty when no line matches,
     * an empty list when the last matching line names nobody. An absolute path, as many reports
     * write it, is tried from its longest tail down, so {@code /home/ci/work/repo/src/a_test.go}
     * finds the line for {@code /src/}: the longest tail that an anchored line matches is taken as
     * relative to the repository root (unanchored lines match at any depth anyway).
     */
    public Optional<List<String>> owners(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        boolean absolute = p.startsWith("/") || p.matches("^[A-Za-z]:/.*");
        if (!absolute) {
            return lastMatch(p);
        }
        // The repository root is somewhere inside: the longest tail that an anchored line matches.
        String rest = p.replaceFirst("^[A-Za-z]:", "").substring(1);
        String whole = rest;
        while (true) {
            String tail = rest;
            if (entries.stream()
                    .anyMatch(e -> e.anchored() && e.regex().matcher(tail).matches())) {
                return lastMatch(tail);
            }
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return lastMatch(whole);
            }
            rest = rest.substring(slash + 1);
        }
    }

    private Optional<List<String>> lastMatch(String path) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.regex().matcher(path).matches()) {
                return Optional.of(e.owners());
            }
        }
        return Optional.empty();
    }

    int size() {
        return entries.size();
    }

    /**
     * gitignore rules: a leading or inner slash anchors the pattern at the root, otherwise it matches
     * at any depth; a pattern matching a directory owns everything below it, except a last segment of
     * a lone {@code *} (GitHub: {@code docs/*} is not recursive); {@code **} crosses directories.
     */
    static Pattern compile(String pattern) {
        String p = pattern;
        boolean dirOnly = p.endsWith("/");
        if (dirOnly) {
            p = p.substring(0, p.length() - 1);
        }
        boolean anchored = p.startsWith("/") || p.contains("/");
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        boolean shallow = p.equals("*") ? false : p.endsWith("/*");
        StringBuilder re = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (p.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 3;
            } else if (p.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        if (dirOnly) {
            re.append("/.+");
        } else if (!shallow) {
            re.append("(?:/.*)?");
        }
        re.append('$');
        return Pattern.compile(re.toString());
    }
}
