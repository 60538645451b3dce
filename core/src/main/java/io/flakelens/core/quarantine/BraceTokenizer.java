package io.flakelens.core.quarantine;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens of Go, JavaScript/TypeScript and Kotlin, the brace languages: enough to see calls, their string
 * arguments and the blocks they open, while a quote, a brace or a marker's name inside a string, a
 * template literal, a regular expression or a comment counts for nothing. Comments are kept apart,
 * so a scanner can read the one written above a marker as its reason.
 */
final class BraceTokenizer {
    enum Kind {
        NAME,
        STRING,
        NUMBER,
        OP,
        END
    }

    /** The dialect decides what a backquote, a single quote and a slash start. */
    enum Dialect {
        GO,
        JS,
        KOTLIN
    }

    /** @param text a string's value (simple escapes decoded), or the token's source text */
    record Token(Kind kind, String text, int line, int start, int end) {
        boolean is(String s) {
            return kind != Kind.STRING && text.equals(s);
        }
    }

    /** A comment and the lines it spans. */
    record Comment(String text, int firstLine, int lastLine) {}

    record Tokens(List<Token> tokens, List<Comment> comments) {}

    private final String src;
    private final Dialect dialect;
    private final List<Token> out = new ArrayList<>();
    private final List<Comment> comments = new ArrayList<>();
    private int pos;
    private int line = 1;

    private BraceTokenizer(String src, Dialect dialect) {
        this.src = src;
        this.dialect = dialect;
    }

    static Tokens tokenize(String src, Dialect dialect) throws SourceProblem {
        BraceTokenizer t = new BraceTokenizer(src, dialect);
        t.until(-1);
        t.out.add(new Token(Kind.END, "", t.line, t.pos, t.pos));
        return new Tokens(t.out, t.comments);
    }

    /** Tokenizes until the unmatched {@code }} that closes a template substitution (depth -1 never closes). */
    private void until(int closeAtDepth) throws SourceProblem {
        int depth = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && at(1) == '/') {
                int start = pos;
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                comments.add(new Comment(src.substring(start + 2, pos).strip(), line, line));
            } else if (c == '/' && at(1) == '*') {
                int start = pos;
                int first = line;
                int close = src.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw new SourceProblem(first, "unterminated comment");
                }
                pos = close + 2;
                line += count(src, start, pos);
                comments.add(new Comment(src.substring(start + 2, close).strip(), first, line));
            } else if (c == '"' && dialect == Dialect.KOTLIN && at(1) == '"' && at(2) == '"') {
                tripleQuoted();
            } else if (c == '`' && dialect == Dialect.KOTLIN) {
                backtickName();
            } else if (c == '"' || (c == '\'' && dialect == Dialect.JS)) {
                quoted(c);
            } else if (c == '\'') {
                rune();
            } else if (c == '`') {
                if (dialect == Dialect.GO) {
                    raw();
                } else {
                    template();
                }
            } else if (c == '/' && dialect == Dialect.JS && regexAllowed()) {
                regex();
            } else if (Character.isDigit(c)) {
                int start = pos;
                while (pos < src.length()
                        && (Character.isLetterOrDigit(src.charAt(pos))
                                || src.charAt(pos) == '.'
                                || src.charAt(pos) == '_')) {
                    pos++;
                }
                add(Kind.NUMBER, src.substring(start, pos), start);
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = pos;
                while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
                    pos++;
                }
                add(Kind.NAME, src.substring(start, pos), start);
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0 && closeAtDepth == 0) {
                        pos++;
                        return;
                    }
                    depth--;
                }
                pos++;
                add(Kind.OP, String.valueOf(c), pos - 1);
            }
        }
        if (closeAtDepth == 0) {
            throw new SourceProblem(line, "unterminated template literal");
        }
    }

    private char at(int ahead) {
        int p = pos + ahead;
        return p < src.length() ? src.charAt(p) : 0;
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private void add(Kind k, String text, int start) {
        out.add(new Token(k, text, line, start, pos));
    }

    private void quoted(char q) throws SourceProblem {
        int start = pos;
        int first = line;
        pos++;
        StringBuilder v = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                if (dialect == Dialect.JS) {
                    // JSX text (<p>Don't</p>) is no string: read the quote as a character and go on
                    pos = start + 1;
                    out.add(new Token(Kind.OP, String.valueOf(q), first, start, pos));
                    return;
                }
                throw new SourceProblem(first, "unterminated string");
            }
            char c = src.charAt(pos);
            if (c == q) {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char n = src.charAt(pos + 1);
                switch (n) {
                    case 'n' -> v.append('\n');
                    case 't' -> v.append('\t');
                    case '\n' -> line++;
                    default -> v.append(n);
                }
                pos += 2;
                continue;
            }
            v.append(c);
            pos++;
        }
        out.add(new Token(Kind.STRING, v.toString(), first, start, pos));
    }

    /** Kotlin's raw string: no escapes, may span lines. */
    private void tripleQuoted() throws SourceProblem {
        int start = pos;
        int first = line;
        int close = src.indexOf("\"\"\"", pos + 3);
        if (close < 0) {
            throw new SourceProblem(first, "unterminated raw string");
        }
        // a raw string may end in more quotes than three: they belong to its value
        while (close + 3 < src.length() && src.charAt(close + 3) == '"') {
            close++;
        }
        pos = close + 3;
        line += count(src, start, pos);
        out.add(new Token(Kind.STRING, src.substring(start + 3, close), first, start, pos));
    }

    /** Kotlin's {@code `a name with spaces`}: one name, as JUnit reports the test. */
    private void backtickName() throws SourceProblem {
        int start = pos;
        int close = src.indexOf('`', pos + 1);
        int newline = src.indexOf('\n', pos + 1);
        if (close < 0 || (newline >= 0 && newline < close)) {
            throw new SourceProblem(line, "unterminated backquoted name");
        }
        pos = close + 1;
        out.add(new Token(Kind.NAME, src.substring(start + 1, close), line, start, pos));
    }

    private void rune() throws SourceProblem {
        int start = pos;
        pos++;
        while (pos < src.length() && src.charAt(pos) != '\'') {
            if (src.charAt(pos) == '\n') {
                throw new SourceProblem(line, "unterminated rune literal");
            }
            pos += src.charAt(pos) == '\\' ? 2 : 1;
        }
        pos++;
        add(Kind.NUMBER, src.substring(start, Math.min(pos, src.length())), start);
    }

    private void raw() throws SourceProblem {
        int start = pos;
        int first = line;
        int close = src.indexOf('`', pos + 1);
        if (close < 0) {
            throw new SourceProblem(first, "unterminated raw string");
        }
        pos = close + 1;
        line += count(src, start, pos);
        out.add(new Token(Kind.STRING, src.substring(start + 1, close), first, start, pos));
    }

    /**
     * A JS template literal. Without substitutions it is a string like any other; with them it is
     * read as an expression (its substitutions tokenized, so braces and strings inside them count).
     */
    private void template() throws SourceProblem {
        int start = pos;
        int first = line;
        pos++;
        StringBuilder v = new StringBuilder();
        boolean substituted = false;
        while (true) {
            if (pos >= src.length()) {
                throw new SourceProblem(first, "unterminated template literal");
            }
            char c = src.charAt(pos);
            if (c == '`') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                v.append(src.charAt(pos + 1));
                if (src.charAt(pos + 1) == '\n') {
                    line++;
                }
                pos += 2;
                continue;
            }
            if (c == '$' && at(1) == '{') {
                substituted = true;
                pos += 2;
                int mark = out.size();
                until(0);
                // the substitution's tokens are no concern of the scanners
                out.subList(mark, out.size()).clear();
                continue;
            }
            if (c == '\n') {
                line++;
            }
            v.append(c);
            pos++;
        }
        if (substituted) {
            out.add(new Token(Kind.OP, "`template`", first, start, pos));
        } else {
            out.add(new Token(Kind.STRING, v.toString(), first, start, pos));
        }
    }

    /** A slash starts a regular expression where an expression may start, a division elsewhere. */
    private boolean regexAllowed() {
        if (out.isEmpty()) {
            return true;
        }
        Token last = out.get(out.size() - 1);
        return switch (last.kind()) {
            case NUMBER, STRING -> false;
            case NAME ->
                switch (last.text()) {
                    case "return",
                            "typeof",
                            "instanceof",
                            "in",
                            "of",
                            "new",
                            "delete",
                            "void",
                            "throw",
                            "case",
                            "do",
                            "else",
                            "yield",
                            "await" -> true;
                    default -> false;
                };
            case OP ->
                !(last.text().equals(")")
                        || last.text().equals("]")
                        || last.text().equals("}")
                        || last.text().equals("`template`"));
            case END -> true;
        };
    }

    private void regex() {
        int start = pos;
        pos++;
        boolean inClass = false;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                // a JSX closing tag (</div>) or a division the guess took for a regex: a plain slash
                pos = start + 1;
                add(Kind.OP, "/", start);
                return;
            }
            char c = src.charAt(pos);
            if (c == '\\') {
                pos += 2;
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                pos++;
                break;
            }
            pos++;
        }
        while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
            pos++;
        }
        add(Kind.NUMBER, src.substring(start, pos), start);
    }
}
