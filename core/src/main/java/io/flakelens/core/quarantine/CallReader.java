package io.flakelens.core.quarantine;

import io.flakelens.core.quarantine.BraceTokenizer.Kind;
import io.flakelens.core.quarantine.BraceTokenizer.Token;
import java.util.ArrayList;
import java.util.List;

/** Reads calls ({@code a.b.c(x, "y")}) out of brace-language tokens, for the Go and JS scanners. */
final class CallReader {
    private final List<Token> t;
    private final String src;

    CallReader(List<Token> tokens, String src) {
        this.t = tokens;
        this.src = src;
    }

    Token at(int k) {
        return t.get(Math.min(Math.max(k, 0), t.size() - 1));
    }

    int size() {
        return t.size();
    }

    /** A call whose callee starts at {@code i}, or null; its callee is a dotted name starting there. */
    Found callAt(int i) {
        if (at(i).kind() != Kind.NAME
                || (i > 0 && (at(i - 1).is(".") || at(i - 1).is("?")))) {
            return null;
        }
        StringBuilder name = new StringBuilder(at(i).text());
        int k = i + 1;
        while (at(k).is(".") && at(k + 1).kind() == Kind.NAME) {
            name.append('.').append(at(k + 1).text());
            k += 2;
        }
        if (!at(k).is("(")) {
            return null;
        }
        List<Call.Arg> args = new ArrayList<>();
        int depth = 0;
        int from = k + 1;
        int j = k + 1;
        for (; at(j).kind() != Kind.END; j++) {
            Token tok = at(j);
            if (tok.is("(") || tok.is("[") || tok.is("{")) {
                depth++;
            } else if (tok.is(")") || tok.is("]") || tok.is("}")) {
                if (depth == 0) {
                    arg(from, j, args);
                    break;
                }
                depth--;
            } else if (depth == 0 && tok.is(",")) {
                arg(from, j, args);
                from = j + 1;
            }
        }
        return new Found(new Call(name.toString(), args, at(i).line()), k, j);
    }

    /**
     * A call found.
     *
     * @param open  index of its opening parenthesis
     * @param close index of its closing parenthesis
     */
    record Found(Call call, int open, int close) {}

    private void arg(int from, int to, List<Call.Arg> out) {
        if (from >= to) {
            return;
        }
        StringBuilder v = new StringBuilder();
        boolean literal = true;
        for (int k = from; k < to; k++) {
            Token tok = at(k);
            boolean joiner = (k - from) % 2 == 1;
            if (joiner ? !tok.is("+") : tok.kind() != Kind.STRING) {
                literal = false;
                break;
            }
            if (!joiner) {
                v.append(tok.text());
            }
        }
        literal &= (to - from) % 2 == 1;
        String value = literal
                ? v.toString()
                : src.substring(at(from).start(), at(to - 1).end()).replaceAll("\\s+", " ");
        out.add(new Call.Arg(null, value, literal));
    }
}
