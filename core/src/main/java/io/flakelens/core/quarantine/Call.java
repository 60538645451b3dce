package io.flakelens.core.quarantine;

import java.util.List;

/**
 * A marker as the source writes it, in the same shape for every language: an annotation, a
 * decorator, a {@code t.Skip(...)} call or an {@code it.skip(...)} call.
 *
 * @param name the dotted name as written ({@code pytest.mark.xfail}, {@code org.junit.Ignore}, {@code t.Skip})
 * @param args the arguments in order; a bare marker without parentheses has none
 * @param line 1-based line where the marker starts
 */
record Call(String name, List<Arg> args, int line) {
    Call {
        args = List.copyOf(args);
    }

    /**
     * One argument.
     *
     * @param keyword the keyword ({@code reason=}, {@code value =}), or null for a positional argument
     * @param value   a string literal's value, or the expression's source text
     * @param literal the value came from string literals only
     */
    record Arg(String keyword, String value, boolean literal) {}
}
