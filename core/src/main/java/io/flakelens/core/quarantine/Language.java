package io.flakelens.core.quarantine;

import java.util.Locale;

/** The languages whose test sources are scanned for markers. */
public enum Language {
    JAVA,
    KOTLIN,
    PYTHON,
    GO,
    JS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Language ofLabel(String s) {
        String k = s.strip().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "java" -> JAVA;
            case "kotlin", "kt" -> KOTLIN;
            case "python", "py" -> PYTHON;
            case "go", "golang" -> GO;
            case "js", "javascript", "ts", "typescript" -> JS;
            default ->
                throw new IllegalArgumentException(
                        "unknown language \"" + s + "\": use java, kotlin, python, go or js");
        };
    }
}
