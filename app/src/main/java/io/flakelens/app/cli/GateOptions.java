package io.flakelens.app.cli;

import io.flakelens.app.ci.EvidenceSource;
import io.flakelens.app.ci.GateOutput;
import io.flakelens.app.ci.GateRun;
import io.flakelens.app.ci.GithubOutput;
import io.flakelens.app.ci.JunitVerdicts;
import io.flakelens.app.ci.PolicyFile;
import io.flakelens.app.ci.Retries;
import io.flakelens.app.ci.RunReports;
import io.flakelens.app.ci.ServerRefused;
import io.flakelens.app.ci.ServerUnreachable;
import io.flakelens.app.ci.SourcePaths;
import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.Window;
import io.flakelens.app.quarantine.Checkout;
import io.flakelens.app.quarantine.Repositories;
import io.flakelens.core.gate.Gate;
import io.flakelens.core.gate.GatePolicy;
import io.flakelens.core.gate.GateResult;
import io.flakelens.core.gate.MuteIndex;
import io.flakelens.core.quarantine.Markers;
import io.flakelens.core.quarantine.QuarantineScanner;
import io.flakelens.core.quarantine.ScanResult;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.TableRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The gate's options and its one pass, shared by {@code gate} and {@code upload --gate}. */
final class GateOptions {
    enum Summary {
        none,
        github
    }

    enum OnUnreachable {
        fail,
        pass
    }

    enum Format {
        table,
        json
    }

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "YAML policy: which failures may pass (see docs/ci.md; default: the built-in policy)")
    Path policy;

    @Option(
            names = "--since",
            paramLabel = "SPAN",
            defaultValue = Window.DEFAULT,
            description = "History window the evidence is counted in (default: ${DEFAULT-VALUE})")
    String since;

    @Option(
            names = "--summary",
            paramLabel = "none|github",
            defaultValue = "none",
            description =
                    "github: Markdown to $GITHUB_STEP_SUMMARY and ::warning/::error annotations (default: ${DEFAULT-VALUE})")
    Summary summary;

    @Option(
            names = "--step-summary",
            paramLabel = "FILE",
            description = "Where --summary github appends its Markdown (default: $GITHUB_STEP_SUMMARY)")
    Path stepSummary;

    @Option(
            names = "--junit-out",
            paramLabel = "FILE",
            description = "Write the verdict as JUnit XML: failures let through as skipped, the others failing")
    Path junitOut;

    @Option(
            names = "--on-unreachable",
            paramLabel = "fail|pass",
            defaultValue = "fail",
            description = "When the server cannot be reached: fail the gate or pass it (default: ${DEFAULT-VALUE})")
    OnUnreachable onUnreachable;

    @Option(
            names = "--scan",
            paramLabel = "DIR",
            description = "Also honour the mutes in this checkout's source (a quarantine scan of the files on disk)")
    Path scan;

    @Option(
            names = "--source-root",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Checkout that annotations' file paths are made relative to (default: the working folder)")
    Path sourceRoot;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    GatePolicy policy() {
        if (policy == null) {
            return GatePolicy.defaults();
        }
        try {
            return PolicyFile.read(policy);
        } catch (PolicyFile.Invalid e) {
            throw new UserException("--policy: " + e.getMessage());
        }
    }

    MuteIndex localMutes(PrintWriter err) {
        if (scan == null) {
            return new MuteIndex(List.of());
        }
        Repositories repos = new Repositories(Repositories.defaultCache(System.getenv()), System.getenv());
        try (Checkout co = repos.open(scan.toString(), null, true)) {
            ScanResult r = new QuarantineScanner(Markers.defaults(), List.of(), 2048L * 1024).scan(co.tree(), n -> {});
            r.warnings().forEach(w -> err.println("flakelens: warning: " + w));
            List<Gate.Mute> mutes = new ArrayList<>();
            r.entries().forEach(e -> mutes.add(new Gate.Mute(e, co.repo())));
            return new MuteIndex(mutes);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("--scan: " + e.getMessage());
        }
    }

    /**
     * Reads the reports, judges, and says so everywhere asked. Returns the exit code: 0 pass, 1 the
     * gate failed (or the server was unreachable and the gate fails closed), 2 unreadable input.
     */
    int run(List<Path> reports, EvidenceSource source, String sourceName, PrintWriter out, PrintWriter err) {
        return run(reports, source, sourceName, null, out, err);
    }

    /** As above; with {@code --format json} the upload's reply, when given, goes in the same document. */
    int run(
            List<Path> reports,
            EvidenceSource source,
            String sourceName,
            java.util.Map<String, Object> upload,
            PrintWriter out,
            PrintWriter err) {
        GatePolicy p = policy();
        RunReports read = RunReports.read(reports);
        if (!read.problems().isEmpty() || read.tests() == 0) {
            read.problems().forEach(x -> err.println("flakelens: gate: " + x));
            if (read.problems().isEmpty()) {
                err.println("flakelens: gate: no test results in " + reports);
            }
            err.println("flakelens: gate: cannot judge a run whose reports are unreadable");
            err.flush();
            return 2;
        }
        MuteIndex local = localMutes(err);
        GateResult result;
        try {
            result = GateRun.judge(read, source, p, since, local);
        } catch (ServerUnreachable e) {
            return unreachable(e.getMessage(), read, out, err);
        } catch (ServerRefused e) {
            err.println("flakelens: gate: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (format == Format.json) {
            java.util.Map<String, Object> doc = GateOutput.json(result, sourceName);
            if (upload != null) {
                java.util.Map<String, Object> both = new java.util.LinkedHashMap<>();
                both.put("upload", upload);
                both.put("gate", doc);
                doc = both;
            }
            out.println(Json.write(doc));
        } else {
            if (!result.judged().isEmpty()) {
                out.print(TableRenderer.render(GateOutput.table(result), OutputFormat.TABLE));
            }
            out.printf(
                    "flakelens gate %s (%d tests, %d flaky passed on rerun; evidence from %s over %s)%n",
                    result.summary(), result.tests(), read.flaky(), sourceName, since);
        }
        out.flush();
        if (summary == Summary.github) {
            GithubOutput.annotate(result, new SourcePaths(sourceRoot), out);
            writeSummary(GithubOutput.markdown(result, sourceName, since), err);
        }
        if (junitOut != null) {
            try {
                JunitVerdicts.write(result, junitOut);
            } catch (IOException e) {
                throw new UserException("--junit-out: " + e.getMessage(), 1);
            }
        }
        return result.passed() ? 0 : 1;
    }

    /** Fails closed unless told otherwise, and says which it did, where the CI shows it. */
    int unreachable(String why, RunReports read, PrintWriter out, PrintWriter err) {
        boolean pass = onUnreachable == OnUnreachable.pass;
        String verdict = pass
                ? "passing the gate unchecked, as --on-unreachable pass says"
                : "failing closed (--on-unreachable pass lets the build pass while the server is down)";
        err.println("flakelens: gate: cannot reach the server: " + why + "; " + verdict);
        err.flush();
        if (summary == Summary.github) {
            out.println("::" + (pass ? "warning" : "error") + " title=Flakelens gate::"
                    + ("the server could not be reached; " + verdict).replace("%", "%25"));
            out.flush();
            writeSummary(
                    "### Flakelens gate: " + (pass ? "passed unchecked" : "failed") + "\n\nThe server could not be"
                            + " reached (" + why.replace("|", "\\|") + "); " + verdict + ". "
                            + read.failures().size()
                            + " of " + read.tests() + " tests failed.\n\n",
                    err);
        }
        return pass ? 0 : 1;
    }

    private void writeSummary(String markdown, PrintWriter err) {
        Path file = stepSummary;
        if (file == null) {
            String env = System.getenv("GITHUB_STEP_SUMMARY");
            file = env == null || env.isBlank() ? null : Path.of(env);
        }
        if (file == null) {
            err.println("flakelens: gate: --summary github: no $GITHUB_STEP_SUMMARY (nor --step-summary); the"
                    + " annotations above are all GitHub gets");
            err.flush();
            return;
        }
        try {
            GithubOutput.appendSummary(file, markdown);
        } catch (IOException e) {
            throw new UserException("--summary github: cannot append to " + file + ": " + e.getMessage(), 1);
        }
    }

    /** The API token: {@code --token-file}, else {@code $FLAKELENS_TOKEN}; never a flag's value, which ps would show. */
    static String token(Path tokenFile) {
        if (tokenFile != null) {
            try {
                return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UserException("--token-file: cannot read " + tokenFile + ": " + e.getMessage());
            }
        }
        return System.getenv("FLAKELENS_TOKEN");
    }

    static Retries retries(int retries, String wait) {
        if (retries < 0) {
            throw new UserException("--retries must be 0 or more");
        }
        Duration first;
        try {
            first = Duration.parse("PT" + wait.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new UserException("--retry-wait: \"" + wait + "\" is not a duration like 1s, 500ms is 0.5s");
        }
        return new Retries(retries + 1, first, Duration.ofSeconds(30));
    }
}
