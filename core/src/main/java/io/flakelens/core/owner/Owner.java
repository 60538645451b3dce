package io.flakelens.core.owner;

/**
 * The owner of a test and which link of the chain named it, so a surprising owner can be traced
 * back to the rule, CODEOWNERS line, name tag or job that gave it.
 */
public record Owner(String name, Source source) {
    /** The name listings print for a test nobody owns; {@code --owner "(none)"} selects those. */
    public static final String NONE_NAME = "(none)";

    public static final Owner NONE = new Owner(NONE_NAME, Source.NONE);

    public enum Source {
        RULE("rule"),
        CODEOWNERS("codeowners"),
        SIG("sig"),
        JOB("job"),
        NONE("none");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Owner {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an owner needs a name");
        }
    }
}
