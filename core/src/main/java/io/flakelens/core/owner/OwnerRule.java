package io.flakelens.core.owner;

import java.util.regex.Pattern;

/**
 * One rule of the config: regexes on job, suite, name and file (each optional, all given must
 * match the whole field) and the owner they name. A field the store does not know never matches a
 * rule that asks about it.
 */
public record OwnerRule(Pattern job, Pattern suite, Pattern name, Pattern file, String owner) {
    public OwnerRule {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("an owner rule needs an owner");
        }
        if (job == null && suite == null && name == null && file == null) {
            throw new IllegalArgumentException(
                    "owner rule for " + owner + " matches nothing: give job, suite, name or file");
        }
    }

    public boolean matches(Subject s) {
        return field(job, s.job()) && field(suite, s.suite()) && field(name, s.name()) && field(file, s.file());
    }

    private static boolean field(Pattern p, String value) {
        return p == null || value != null && p.matcher(value).matches();
    }
}
