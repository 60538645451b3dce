package io.flakelens.app.cli;

import io.flakelens.app.ci.ServerClient;
import io.flakelens.app.ci.ServerEvidence;
import io.flakelens.app.ci.StoreEvidence;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens gate REPORTS...}: lets a build pass when every failure in its reports is a known
 * flake or muted, under a policy; asks a server ({@code --server}) or the store ({@code --db}).
 */
@Command(
        name = "gate",
        description =
                "Exit 0 when every failure in these reports is a known flake or muted (policy: --policy), else 1; 2 on unreadable reports.")
final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    GateOptions gate;

    @Parameters(
            paramLabel = "REPORTS",
            arity = "1..*",
            description = "This run's report files, folders, .zip or .gz archives")
    List<Path> reports = new ArrayList<>();

    @Option(
            names = "--server",
            paramLabel = "URL",
            description =
                    "Ask this Flakelens server (token from $FLAKELENS_TOKEN or --token-file) instead of the store")
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Read the API token from this file (default: $FLAKELENS_TOKEN)")
    Path tokenFile;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "3",
            description = "Retries of a request on connection errors and 5xx (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(
            names = "--retry-wait",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description = "Wait before the first retry, doubling after (default: ${DEFAULT-VALUE})")
    String retryWait;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "With --db: a flake model (flakelens learn) for failures of tests with no history")
    Path model;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (server != null) {
            if (store.db != null) {
                throw new UserException("gate asks a server (--server) or a store (--db), not both");
            }
            if (model != null) {
                throw new UserException("--model is for --db; a server uses the model it was started with");
            }
            ServerClient client;
            try {
                client = new ServerClient(
                        server, GateOptions.token(tokenFile), GateOptions.retries(retries, retryWait), err);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            return gate.run(reports, new ServerEvidence(client), client.base().toString(), out, err);
        }
        FlakeModel m = model == null ? null : readModel(model);
        try (Database db = store.open()) {
            String spec = store.spec();
            // A JDBC URL may carry a password; the output names the kind of store only.
            return gate.run(
                    reports,
                    new StoreEvidence(db, m),
                    spec.startsWith("jdbc:") ? "the PostgreSQL store" : spec,
                    out,
                    err);
        }
    }

    static FlakeModel readModel(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserException("--model: no such file " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return FlakeModel.read(in);
        } catch (IOException | RuntimeException e) {
            throw new UserException("--model: cannot read " + file + ": " + e.getMessage());
        }
    }
}
