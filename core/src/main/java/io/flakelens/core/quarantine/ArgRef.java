package io.flakelens.core.quarantine;

import java.util.ArrayList;
import java.util.List;

/**
 * Which argument of a marker holds a field: a keyword ({@code jira}, {@code reason}) or a position
 * ({@code 0}). Configured as {@code "jira|0"}: the first that the call has wins, so one spec serves
 * {@code skip("why")} and {@code skip(reason="why")} alike.
 */
sealed interface ArgRef {
    record Named(String keyword) implements ArgRef {}

    /** The n-th positional argument (keyword arguments do not count). */
    record Position(int index) implements ArgRef {}

    static List<ArgRef> parse(String spec) {
        List<ArgRef> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split("\\|")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            out.add(p.chars().allMatch(Character::isDigit) ? new Position(Integer.parseInt(p)) : new Named(p));
        }
        return List.copyOf(out);
    }

    /** The argument the first matching reference finds, or null. */
    static Call.Arg find(List<ArgRef> refs, Call call) {
        for (ArgRef r : refs) {
            Call.Arg a = r.in(call);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    default Call.Arg in(Call call) {
        if (this instanceof Named n) {
            for (Call.Arg a : call.args()) {
                if (n.keyword().equals(a.keyword())) {
                    return a;
                }
            }
            return null;
        }
        int want = ((Position) this).index();
        int i = 0;
        for (Call.Arg a : call.args()) {
            if (a.keyword() == null && i++ == want) {
                return a;
            }
        }
        return null;
    }
}
