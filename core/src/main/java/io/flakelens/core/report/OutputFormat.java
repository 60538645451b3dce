package io.flakelens.core.report;

import java.util.Locale;

/** The {@code --format} values of the command-line contract. */
public enum OutputFormat {
    TABLE,
    JSON,
    CSV,
    ORG,
    MD,
    HTML;

    public static OutputFormat parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
