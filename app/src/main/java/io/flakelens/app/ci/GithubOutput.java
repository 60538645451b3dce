package io.flakelens.app.ci;

import io.flakelens.core.gate.GateResult;
import io.flakelens.core.gate.Judged;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * GitHub Actions: Markdown appended to {@code $GITHUB_STEP_SUMMARY} (the step's page) and workflow
 * commands on stdout that annotate the failing lines, a warning for a failure let through, an error
 * for one that fails the build.
 */
public final class GithubOutput {
    /** The step summary is capped by GitHub at 1 MiB; a table this long is read by nobody anyway. */
    private static final int MAX_ROWS = 200;

    private GithubOutput() {}

    public static String markdown(GateResult r, String source, String since) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Flakelens gate: ")
                .append(r.passed() ? "passed" : "failed")
                .append("\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "%d tests, %d %s: %d let through (known flakes or muted), %d failing the"
                        + " build. Evidence from %s over %s.%n%n",
                r.tests(),
                r.judged().size(),
                r.judged().size() == 1 ? "failure" : "failures",
                r.letThrough(),
                r.blocking(),
                cell(source),
                since));
        if (r.judged().isEmpty()) {
            return sb.toString();
        }
        sb.append("| gate | test | finding | why | where |\n|---|---|---|---|---|\n");
        int n = 0;
        // Failures that fail the build first: they are what the reader came for.
        for (boolean through : new boolean[] {false, true}) {
            for (Judged j : r.judged()) {
                if (j.letThrough() != through || n++ >= MAX_ROWS) {
                    continue;
                }
                sb.append("| ")
                        .append(through ? "pass" : "**FAIL**")
                        .append(" | `")
                        .append(cell(j.failure().id().id()))
                        .append("` | ")
                        .append(j.finding().label())
                        .append(" | ")
                        .append(cell(j.reason()))
                        .append(" | ")
                        .append(cell(GateOutput.where(j.failure())))
                        .append(" |\n");
            }
        }
        if (n > MAX_ROWS) {
            sb.append("\n").append(n - MAX_ROWS).append(" more failures are not shown.\n");
        }
        return sb.append('\n').toString();
    }

    /** Appends to the summary file GitHub names in {@code $GITHUB_STEP_SUMMARY}. */
    public static void appendSummary(Path file, String markdown) throws IOException {
        Files.writeString(file, markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** One {@code ::warning} or {@code ::error} per failure, with file and line when the report gave them. */
    public static void annotate(GateResult r, SourcePaths paths, PrintWriter out) {
        for (Judged j : r.judged()) {
            StringBuilder props = new StringBuilder();
            String file = j.failure().file() == null
                    ? null
                    : paths.resolve(j.failure().file());
            if (file != null) {
                props.append("file=").append(property(file));
                if (j.failure().line() > 0) {
                    props.append(",line=").append(j.failure().line());
                }
                props.append(',');
            }
            props.append("title=")
                    .append(property((j.letThrough() ? "Flakelens: let through, " : "Flakelens: ")
                            + j.finding().label() + " " + j.failure().id().id()));
            String message = j.reason()
                    + (j.failure().message().isBlank() ? "" : "\n" + j.failure().message());
            out.println("::" + (j.letThrough() ? "warning" : "error") + " " + props + "::" + data(message));
        }
        out.flush();
    }

    /** GitHub's escaping of a command's message. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** ... and of a property value, which also may not hold {@code :} or {@code ,}. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }

    private static String cell(String s) {
        return s.replace("\r", "").replace("\n", " ").replace("|", "\\|");
    }
}
