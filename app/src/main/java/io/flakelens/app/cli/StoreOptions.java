package io.flakelens.app.cli;

import io.flakelens.store.Database;
import picocli.CommandLine.Option;

/** {@code --db}, shared by every command that touches the store. */
final class StoreOptions {
    @Option(
            names = "--db",
            paramLabel = "FILE|URL",
            description = "DuckDB file (default: $FLAKELENS_DB or flakelens.db) or jdbc:postgresql:// URL")
    String db;

    @Option(names = "--verbose", description = "Show stack traces of errors")
    boolean verbose;

    String spec() {
        return spec(db);
    }

    /** The store a command opens given its {@code --db} (null when absent): else the environment, else the default. */
    static String spec(String option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("FLAKELENS_DB");
        return env != null && !env.isBlank() ? env : "flakelens.db";
    }

    Database open() {
        return Database.open(spec());
    }
}
