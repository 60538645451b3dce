package io.flakelens.core.aggregate;

import io.flakelens.core.model.TestId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Tests that pass the judgement whatever happened: known infrastructure steps that aggregate other
 * results (the original lists one "Run multi-stage test ... container test"). A rule matches a test
 * when it equals its {@code suite::name} or its name, or, read as a regular expression, matches all
 * of either. Literal equality comes first so that names full of regex metacharacters still work; a
 * rule that is not a valid regular expression matches literally only. Immutable.
 */
public final class AlwaysPass {
    private final List<String> rules;
    private final List<Pattern> patterns;

    private AlwaysPass(List<String> rules, List<Pattern> patterns) {
        this.rules = rules;
        this.patterns = patterns;
    }

    public static AlwaysPass none() {
        return of(List.of());
    }

    public static AlwaysPass of(List<String> rules) {
        List<Pattern> ps = new ArrayList<>();
        for (String r : rules) {
            Pattern p;
            try {
                p = Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                p = Pattern.compile(Pattern.quote(r));
            }
            ps.add(p);
        }
        return new AlwaysPass(List.copyOf(rules), List.copyOf(ps));
    }

    public List<String> rules() {
        return rules;
    }

    /** The first rule matching the test, if any. */
    public Optional<String> match(TestId id) {
        for (String r : rules) {
            if (r.equals(id.id()) || r.equals(id.name())) {
                return Optional.of(r);
            }
        }
        for (int i = 0; i < patterns.size(); i++) {
            Pattern p = patterns.get(i);
            if (p.matcher(id.id()).matches() || p.matcher(id.name()).matches()) {
                return Optional.of(rules.get(i));
            }
        }
        return Optional.empty();
    }
}
