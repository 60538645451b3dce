package io.flakelens.core.model;

/**
 * A test's stable identity. {@code suite::name} is the form every command prints and accepts;
 * parameters stay part of the name (a parameterised case is its own test) and are stripped
 * only for the group key.
 */
public record TestId(String suite, String name) {

    public TestId {
        suite = suite == null ? "" : suite;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a test needs a name");
        }
    }

    public String id() {
        return suite.isEmpty() ? name : suite + "::" + name;
    }

    /** Parses {@code suite::name}; the last {@code ::} separates, since names may contain it rarely. */
    public static TestId parse(String id) {
        int at = id.indexOf("::");
        if (at < 0) {
            return new TestId("", id);
        }
        return new TestId(id.substring(0, at), id.substring(at + 2));
    }

    /** A 64-bit key, the same on every machine and store, so ids need no lookup on ingest. */
    public long key() {
        return StableHash.of(id());
    }

    @Override
    public String toString() {
        return id();
    }
}
