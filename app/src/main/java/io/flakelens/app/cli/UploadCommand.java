package io.flakelens.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.ci.RunReports;
import io.flakelens.app.ci.ServerClient;
import io.flakelens.app.ci.ServerEvidence;
import io.flakelens.app.ci.ServerRefused;
import io.flakelens.app.ci.ServerUnreachable;
import io.flakelens.app.ci.UploadClient;
import io.flakelens.app.contract.Json;
import io.flakelens.app.ingest.RunFlags;
import io.flakelens.app.ingest.UploadFields;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens upload REPORTS... --server URL}: sends this run's reports to a server, with the
 * run's metadata from the flags and the CI's environment, retrying until the server answers.
 */
@Command(
        name = "upload",
        description =
                "Send this run's reports to a Flakelens server (POST /api/v1/runs), with retries; --gate judges them too.")
final class UploadCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    GateOptions gateOptions;

    @Parameters(paramLabel = "REPORTS", arity = "1..*", description = "Report files, folders, .zip or .gz archives")
    List<Path> reports = new ArrayList<>();

    @Option(
            names = "--server",
            paramLabel = "URL",
            required = true,
            description = "The Flakelens server, e.g. https://flakelens.acme.dev")
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Read the API token from this file (default: $FLAKELENS_TOKEN)")
    Path tokenFile;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "5",
            description = "Retries on connection errors, 5xx and 429 (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(
            names = "--retry-wait",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description = "Wait before the first retry, doubling after, at most 30 s (default: ${DEFAULT-VALUE})")
    String retryWait;

    @Option(
            names = "--gate",
            description =
                    "Then gate the same reports against the same server (exit 1 when a failure is not let through)")
    boolean gate;

    @Mixin
    RunOptions runOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunFlags flags = runOptions.flags();
        Map<String, String> fields = UploadFields.of(flags, System.getenv());
        ServerClient client;
        try {
            client = new ServerClient(
                    server, GateOptions.token(tokenFile), GateOptions.retries(retries, retryWait), err);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        UploadClient.Outcome o;
        try {
            o = new UploadClient(client).upload(reports, fields);
        } catch (IllegalArgumentException e) {
            throw new UserException("upload: " + e.getMessage());
        } catch (ServerUnreachable e) {
            err.println("flakelens: upload: " + e.getMessage());
            err.flush();
            // The gate cannot ask an unreachable server either: it decides as --on-unreachable says.
            return gate ? gateOptions.unreachable(e.getMessage(), RunReports.read(reports), out, err) : 1;
        } catch (ServerRefused e) {
            err.println("flakelens: upload: " + e.getMessage());
            err.flush();
            return 1;
        }
        boolean json = gateOptions.format == GateOptions.Format.json;
        long rejected = o.count("rejected");
        if (!json) {
            print(out, o);
        }
        for (JsonNode f : o.reply().path("files")) {
            if (f.path("status").asText().equals("rejected")) {
                err.println("flakelens: rejected " + f.path("error").asText());
            }
        }
        err.flush();
        int code = rejected > 0 ? 2 : 0;
        if (!gate) {
            if (json) {
                out.println(Json.write(JSON.convertValue(o.reply(), Map.class)));
                out.flush();
            }
            return code;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = json ? JSON.convertValue(o.reply(), Map.class) : null;
        int gated = gateOptions.run(
                reports, new ServerEvidence(client), client.base().toString(), reply, out, err);
        return gated != 0 ? gated : code;
    }

    private void print(PrintWriter out, UploadClient.Outcome o) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode f : o.reply().path("files")) {
            rows.add(List.of(
                    f.path("status").asText(),
                    f.path("format").asText(""),
                    f.path("testcases").asLong(),
                    f.path("failures").asLong(),
                    f.path("errors").asLong(),
                    f.path("flaky").asLong(),
                    f.path("path").asText()));
        }
        if (rows.size() <= 50) {
            out.print(TableRenderer.render(
                    new Table(List.of("status", "format", "tests", "failures", "errors", "flaky", "path"), rows),
                    OutputFormat.TABLE));
        }
        out.printf(
                "uploaded to %s in %d %s: %d results stored; %d files ingested, %d skipped (already stored), %d"
                        + " rejected%n",
                server,
                o.attempts(),
                o.attempts() == 1 ? "try" : "tries",
                o.reply().path("results").asLong(),
                o.count("ingested"),
                o.count("skipped"),
                o.count("rejected"));
        out.flush();
    }
}
