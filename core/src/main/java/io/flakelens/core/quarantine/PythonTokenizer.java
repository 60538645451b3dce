package io.flakelens.core.quarantine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Python's tokens as far as finding markers needs them: names, strings (every prefix, triple quotes,
 * f-strings with nested quotes in their braces), numbers, operators, and the logical-line structure
 * (NEWLINE, INDENT, DEDENT) that says which function belongs to which class. Comments, line
 * continuations and newlines inside brackets vanish as in the language's own tokenizer, so a
 * decorator spread over lines, or with a {@code #} or {@code )} inside a string, reads as one.
 */
final class PythonTokenizer {
    enum Kind {
        NAME,
        NUMBER,
        STRING,
        OP,
        NEWLINE,
        INDENT,
        DEDENT,
        END
    }

    /**
     * @param text  the name or operator; for a string, its value (common escapes decoded)
     * @param start offset in the source of the first character, {@code end} one past the last
     */
    record Token(Kind kind, String text, int line, int start, int end) {
        boolean is(String s) {
            return (kind == Kind.OP || kind == Kind.NAME) && text.equals(s);
        }
    }

    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==", "!=", "<=", ">=", ":=", "+=", "-=", "*=", "/=", "%=",
        "&=", "|=", "^=", "@=", "<<", ">>"
    };

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private int depth;

    private PythonTokenizer(String src) {
        this.src = src;
        indents.push(0);
    }

    static List<Token> tokenize(String src) throws SourceProblem {
        PythonTokenizer t = new PythonTokenizer(src);
        t.run();
        return t.out;
    }

    private void run() throws SourceProblem {
        boolean lineStart = true;
        while (pos < src.length()) {
            if (lineStart && depth == 0) {
                if (!indentation()) {
                    continue;
                }
                lineStart = false;
            }
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                if (depth == 0 && !out.isEmpty() && last() != Kind.NEWLINE) {
                    add(Kind.NEWLINE, "", pos - 1, pos);
                }
                line++;
                lineStart = depth == 0;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\'
                    && pos + 1 < src.length()
                    && (src.charAt(pos + 1) == '\n' || src.charAt(pos + 1) == '\r')) {
                pos += src.charAt(pos + 1) == '\r' && pos + 2 < src.length() && src.charAt(pos + 2) == '\n' ? 3 : 2;
                line++;
            } else if (c == '"' || c == '\'') {
                string(pos, pos, "");
            } else if (Character.isDigit(c)
                    || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
                name();
            } else {
                operator();
            }
        }
        if (!out.isEmpty() && last() != Kind.NEWLINE) {
            add(Kind.NEWLINE, "", pos, pos);
        }
        while (indents.size() > 1) {
            indents.pop();
            add(Kind.DEDENT, "", pos, pos);
        }
        add(Kind.END, "", pos, pos);
    }

    /** Measures a line's indentation; false for a blank or comment-only line, which is consumed. */
    private boolean indentation() {
        int col = 0;
        int p = pos;
        while (p < src.length()) {
            char c = src.charAt(p);
            if (c == ' ') {
                col++;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
            } else if (c == '\f') {
                col = 0;
            } else {
                break;
            }
            p++;
        }
        if (p >= src.length()) {
            pos = p;
            return false;
        }
        char c = src.charAt(p);
        if (c == '\n' || c == '\r' || c == '#') {
            pos = p;
            if (c == '#') {
                skipComment();
            }
            if (pos < src.length() && src.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < src.length() && src.charAt(pos) == '\n') {
                pos++;
                line++;
            }
            return false;
        }
        pos = p;
        if (col > indents.peek()) {
            indents.push(col);
            add(Kind.INDENT, "", p, p);
        } else {
            while (col < indents.peek()) {
                indents.pop();
                add(Kind.DEDENT, "", p, p);
            }
            // A dedent to a column no block opened at is an error in Python; read it as that block.
            if (col > indents.peek()) {
                indents.push(col);
            }
        }
        return true;
    }

    private void skipComment() {
        while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
        }
    }

    private Kind last() {
        return out.get(out.size() - 1).kind();
    }

    private void add(Kind k, String text, int start, int end) {
        out.add(new Token(k, text, line, start, end));
    }

    private void name() throws SourceProblem {
        int start = pos;
        while (pos < src.length() && (Character.isUnicodeIdentifierPart(src.charAt(pos)))) {
            pos++;
        }
        String word = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\'') && isPrefix(word)) {
            string(start, pos, word.toLowerCase(java.util.Locale.ROOT));
            return;
        }
        add(Kind.NAME, word, start, pos);
    }

    private static boolean isPrefix(String w) {
        if (w.length() > 2) {
            return false;
        }
        String l = w.toLowerCase(java.util.Locale.ROOT);
        return switch (l) {
            case "r", "u", "f", "b", "t", "br", "rb", "fr", "rf", "tr", "rt" -> true;
            default -> false;
        };
    }

    private void number() {
        int start = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                pos++;
            } else if ((c == '+' || c == '-')
                    && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')
                    && !src.substring(start, pos)
                            .toLowerCase(java.util.Locale.ROOT)
                            .startsWith("0x")) {
                pos++;
            } else {
                break;
            }
        }
        add(Kind.NUMBER, src.substring(start, pos), start, pos);
    }

    private void operator() {
        int start = pos;
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                add(Kind.OP, op, start, pos);
                return;
            }
        }
        char c = src.charAt(pos++);
        switch (c) {
            case '(', '[', '{' -> depth++;
            case ')', ']', '}' -> depth = Math.max(0, depth - 1);
            default -> {}
        }
        add(Kind.OP, String.valueOf(c), start, pos);
    }

    /** Reads a string literal whose quote is at {@code quoteAt}; the token starts at {@code start} (its prefix). */
    private void string(int start, int quoteAt, String prefix) throws SourceProblem {
        int firstLine = line;
        pos = quoteAt;
        StringBuilder value = new StringBuilder();
        readString(prefix.contains("r"), prefix.contains("f") || prefix.contains("t"), value);
        out.add(new Token(Kind.STRING, value.toString(), firstLine, start, pos));
    }

    /** Reads from the opening quote at {@code pos} to past the closing one. */
    private void readString(boolean raw, boolean formatted, StringBuilder value) throws SourceProblem {
        char q = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(q).repeat(3), pos);
        int openedAt = line;
        pos += triple ? 3 : 1;
        while (true) {
            if (pos >= src.length()) {
                throw new SourceProblem(openedAt, "unterminated string");
            }
            char c = src.charAt(pos);
            if (c == q && (!triple || src.startsWith(String.valueOf(q).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return;
            }
            if (c == '\n') {
                if (!triple) {
                    throw new SourceProblem(openedAt, "unterminated string");
                }
                line++;
                value.append(c);
                pos++;
            } else if (c == '\\' && pos + 1 < src.length()) {
                char n = src.charAt(pos + 1);
                if (n == '\n') {
                    line++;
                }
                if (raw) {
                    value.append(c).append(n);
                } else {
                    switch (n) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case '\\', '\'', '"' -> value.append(n);
                        case '\n' -> {}
                        default -> value.append(c).append(n);
                    }
                }
                pos += 2;
            } else if (formatted && c == '{') {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == '{') {
                    value.append('{');
                    pos += 2;
                } else {
                    int from = pos;
                    replacementField();
                    value.append(src, from, pos);
                }
            } else if (formatted && c == '}' && pos + 1 < src.length() && src.charAt(pos + 1) == '}') {
                value.append('}');
                pos += 2;
            } else {
                value.append(c);
                pos++;
            }
        }
    }

    /** An f-string's {@code {expression}}: brackets nest and strings inside may use any quote (Python 3.12). */
    private void replacementField() throws SourceProblem {
        int nest = 0;
        int openedAt = line;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '"' || c == '\'') {
                readString(false, true, new StringBuilder());
                continue;
            }
            if (c == '\n') {
                line++;
            }
            pos++;
            if (c == '{' || c == '[' || c == '(') {
                nest++;
            } else if (c == '}' || c == ']' || c == ')') {
                nest--;
                if (nest == 0 && c == '}') {
                    return;
                }
            }
        }
        throw new SourceProblem(openedAt, "unterminated f-string expression");
    }
}
