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
        if (db != null) {
            return db;
        }
        String env = System.getenv("FLAKELENS_DB");
        return env != null && !env.isBlank() ? env : "flakelens.db";
    }

    Database open() {
        return Database.open(spec());
    }
}
