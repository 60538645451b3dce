package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.ApiTokens;
import io.flakelens.store.Database;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens token create|list}: upload tokens for {@code flakelens serve}. */
@Command(
        name = "token",
        description = "Create and list the tokens CI jobs upload with (flakelens serve).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class})
final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new UserException("token: say create or list (flakelens token --help)");
    }

    @Command(name = "create", description = "Create a token; it is printed once and only its hash is stored.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "Who uses the token, e.g. ci-bot")
        String name;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                String token = new ApiTokens(db).create(name);
                PrintWriter out = spec.commandLine().getOut();
                // The only time the secret exists outside the client: there is no way to show it again.
                out.println(token);
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                err.println("flakelens: token " + name + " created; store it now, it cannot be shown again."
                        + " Upload with: Authorization: Bearer <token>");
                err.flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List token names and creation times (never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Mixin
        FormatOptions output;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                List<List<Object>> rows = new ArrayList<>();
                for (ApiTokens.Token t : new ApiTokens(db).list()) {
                    rows.add(List.of(t.name(), t.createdAt().toString()));
                }
                PrintWriter out = spec.commandLine().getOut();
                if (output.format == OutputFormat.JSON) {
                    out.println(Json.write(rows.stream()
                            .map(r -> Map.of("name", r.get(0), "created_at", r.get(1)))
                            .toList()));
                } else {
                    out.print(TableRenderer.render(new Table(List.of("name", "created_at"), rows), output.format));
                }
                out.flush();
            }
            return 0;
        }
    }
}
