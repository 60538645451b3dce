package io.flakelens.core.aggregate;

import java.util.List;

/** The two kinds of historical data the job-run-aggregator keeps thresholds for, and their name fields. */
public enum HistoricalKind {
    DISRUPTIONS("BackendName", List.of()),
    ALERTS("AlertName", List.of("AlertNamespace", "AlertLevel"));

    private final String nameField;
    private final List<String> extraFields;

    HistoricalKind(String nameField, List<String> extraFields) {
        this.nameField = nameField;
        this.extraFields = extraFields;
    }

    /** The field that names a row: the key starts with it. */
    public String nameField() {
        return nameField;
    }

    /** Text fields of this kind beside the name; checked when present, not part of the key (as in the original). */
    public List<String> extraFields() {
        return extraFields;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
