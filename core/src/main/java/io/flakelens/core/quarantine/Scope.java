package io.flakelens.core.quarantine;

import java.util.Locale;

/**
 * Where the marker that mutes a test sits: on the test itself, on its class (or describe block), on a
 * fixture the test uses, or on the whole module ({@code pytestmark}). A marker on a class, fixture or
 * module yields one entry per test it mutes, each with that scope.
 */
public enum Scope {
    TEST,
    CLASS,
    FIXTURE,
    MODULE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope ofLabel(String s) {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
}
