package io.flakelens.app.demo;

import io.flakelens.app.demo.FailureTexts.FailureText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes one run's reports: one file per module, Surefire's dialect for Java modules (a
 * {@code testsuite} per class, {@code flakyFailure}/{@code rerunFailure} children for in-run reruns)
 * and googletest's for the native one. Text is built in reused buffers and written once per file,
 * so memory stays at one report whatever the history's size. Not thread-safe: one per thread.
 */
final class ReportWriter {
    private static final DateTimeFormatter GTEST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final TestCatalog catalog;
    private final Incidents incidents;
    /** Names and classnames escaped once: escaping them per run was most of the writer's CPU time. */
    private final String[] nameAttrs;

    private final String[] classAttrs;
    private final StringBuilder file = new StringBuilder(1 << 16);
    private final StringBuilder suites = new StringBuilder(1 << 16);
    private final StringBuilder cases = new StringBuilder(1 << 14);

    // Counts of the suite being written, then of the module.
    private int tests;
    private int failures;
    private int errors;
    private int skipped;
    private long millis;

    ReportWriter(TestCatalog catalog, Incidents incidents) {
        this.catalog = catalog;
        this.incidents = incidents;
        List<SimTest> all = catalog.tests();
        nameAttrs = new String[all.size()];
        classAttrs = new String[all.size()];
        StringBuilder sb = new StringBuilder();
        for (SimTest t : all) {
            sb.setLength(0);
            attr(sb, t.name());
            nameAttrs[t.index()] = sb.toString();
            sb.setLength(0);
            attr(sb, t.classname());
            classAttrs[t.index()] = sb.toString();
        }
    }

    /** Writes the run's report files into {@code dir}, which exists; returns the bytes written. */
    long write(RunSpec run, RunOutcome o, Path dir) throws IOException {
        long bytes = 0;
        for (SimModule m : catalog.modulesOf(run.job())) {
            render(run, o, m);
            byte[] data = file.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve(m.file()), data);
            bytes += data.length;
        }
        return bytes;
    }

    /** Renders one module's report into {@link #file}. */
    private void render(RunSpec run, RunOutcome o, SimModule m) {
        List<SimTest> all = catalog.tests();
        String timestamp = m.gtest()
                ? LocalDateTime.ofInstant(run.startedAt(), ZoneOffset.UTC).format(GTEST_TIME)
                : null;
        suites.setLength(0);
        int moduleTests = 0;
        int moduleFailures = 0;
        int moduleErrors = 0;
        int moduleSkipped = 0;
        long moduleMillis = 0;
        for (int t = m.from(); t < m.to(); ) {
            String classname = all.get(t).classname();
            int end = t;
            tests = failures = errors = skipped = 0;
            millis = 0;
            cases.setLength(0);
            for (; end < m.to() && all.get(end).classname().equals(classname); end++) {
                if (m.gtest()) {
                    gtestCase(run, o, all.get(end));
                } else {
                    surefireCase(run, o, all.get(end));
                }
            }
            suites.append("  <testsuite name=\"").append(classAttrs[t]);
            if (m.gtest()) {
                suites.append("\" tests=\"")
                        .append(tests)
                        .append("\" failures=\"")
                        .append(failures)
                        .append("\" disabled=\"")
                        .append(skipped)
                        .append("\" skipped=\"0\" errors=\"0\" time=\"");
                seconds(suites, millis)
                        .append("\" timestamp=\"")
                        .append(timestamp)
                        .append("\">\n");
            } else {
                suites.append("\" time=\"");
                seconds(suites, millis)
                        .append("\" tests=\"")
                        .append(tests)
                        .append("\" errors=\"")
                        .append(errors)
                        .append("\" skipped=\"")
                        .append(skipped)
                        .append("\" failures=\"")
                        .append(failures)
                        .append("\">\n");
            }
            suites.append(cases).append("  </testsuite>\n");
            moduleTests += tests;
            moduleFailures += failures;
            moduleErrors += errors;
            moduleSkipped += skipped;
            moduleMillis += millis;
            t = end;
        }
        file.setLength(0);
        file.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ");
        if (m.gtest()) {
            file.append("tests=\"")
                    .append(moduleTests)
                    .append("\" failures=\"")
                    .append(moduleFailures)
                    .append("\" disabled=\"")
                    .append(moduleSkipped)
                    .append("\" errors=\"0\" time=\"");
            seconds(file, moduleMillis)
                    .append("\" timestamp=\"")
                    .append(timestamp)
                    .append("\" name=\"AllTests\">\n");
        } else {
            file.append("name=\"");
            attr(file, m.name());
            file.append("\" tests=\"")
                    .append(moduleTests)
                    .append("\" failures=\"")
                    .append(moduleFailures)
                    .append("\" errors=\"")
                    .append(moduleErrors)
                    .append("\" skipped=\"")
                    .append(moduleSkipped)
                    .append("\" time=\"");
            seconds(file, moduleMillis).append("\">\n");
        }
        file.append(suites).append("</testsuites>\n");
    }

    private void surefireCase(RunSpec run, RunOutcome o, SimTest t) {
        int i = t.index() - o.from;
        byte state = o.state[i];
        tests++;
        millis += o.millis[i];
        cases.append("    <testcase name=\"")
                .append(nameAttrs[t.index()])
                .append("\" classname=\"")
                .append(classAttrs[t.index()])
                .append("\" time=\"");
        seconds(cases, o.millis[i]).append('"');
        if (state == RunOutcome.PASS) {
            cases.append("/>\n");
            return;
        }
        cases.append(">\n");
        if (state == RunOutcome.SKIP) {
            skipped++;
            cases.append("      <skipped message=\"Disabled until ACME-")
                    .append(1000 + t.line())
                    .append(" is fixed\"/>\n");
        } else if (state == RunOutcome.FLAKY) {
            for (int a = 0; a < o.fails[i]; a++) {
                FailureText f = text(run, o, t, a);
                rerun(f, f.error() ? "flakyError" : "flakyFailure");
            }
        } else {
            FailureText first = text(run, o, t, 0);
            String element = first.error() ? "error" : "failure";
            if (first.error()) {
                errors++;
            } else {
                failures++;
            }
            cases.append("      <").append(element);
            messageAndType(first);
            cases.append('>');
            text(cases, first.trace());
            cases.append("</").append(element).append(">\n");
            for (int a = 1; a < o.fails[i]; a++) {
                FailureText f = text(run, o, t, a);
                rerun(f, f.error() ? "rerunError" : "rerunFailure");
            }
        }
        cases.append("    </testcase>\n");
    }

    /** Surefire writes each rerun's trace in a CDATA {@code stackTrace} child. */
    private void rerun(FailureText f, String element) {
        cases.append("      <").append(element);
        messageAndType(f);
        cases.append(">\n        <stackTrace><![CDATA[");
        cdata(cases, f.trace());
        cases.append("]]></stackTrace>\n      </").append(element).append(">\n");
    }

    private void messageAndType(FailureText f) {
        if (f.message() != null) {
            cases.append(" message=\"");
            attr(cases, f.message());
            cases.append('"');
        }
        cases.append(" type=\"");
        attr(cases, f.type());
        cases.append('"');
    }

    private void gtestCase(RunSpec run, RunOutcome o, SimTest t) {
        int i = t.index() - o.from;
        byte state = o.state[i];
        tests++;
        millis += o.millis[i];
        cases.append("    <testcase name=\"").append(nameAttrs[t.index()]);
        if (t.valueParam() != null) {
            cases.append("\" value_param=\"");
            attr(cases, t.valueParam());
        }
        cases.append("\" file=\"");
        attr(cases, t.source());
        cases.append("\" line=\"")
                .append(t.line())
                .append("\" status=\"")
                .append(state == RunOutcome.SKIP ? "notrun\" result=\"suppressed" : "run\" result=\"completed")
                .append("\" time=\"");
        seconds(cases, o.millis[i])
                .append("\" classname=\"")
                .append(classAttrs[t.index()])
                .append('"');
        if (state == RunOutcome.SKIP) {
            skipped++;
        }
        // googletest has no in-run reruns here, so a failed attempt is a failed test.
        if (state != RunOutcome.FAIL) {
            cases.append("/>\n");
            return;
        }
        failures++;
        cases.append(">\n");
        FailureText f = text(run, o, t, 0);
        cases.append("      <failure message=\"");
        attr(cases, f.message());
        cases.append("\" type=\"\"><![CDATA[");
        cdata(cases, f.trace());
        cases.append("]]></failure>\n    </testcase>\n");
    }

    private FailureText text(RunSpec run, RunOutcome o, SimTest t, int attempt) {
        boolean gtest = catalog.modules().get(t.module()).gtest();
        return switch (o.cause[t.index() - o.from]) {
            case RunOutcome.FLAKE ->
                FailureTexts.flake(
                        t, gtest, incidents.flakeMode(t.index()), OutcomeModel.textSeed(run, t.index(), attempt));
            case RunOutcome.BREAKAGE -> FailureTexts.regression(t, gtest, incidents.breakage(t.index(), run));
            case RunOutcome.ENVIRONMENT -> FailureTexts.brokenEnvironment(t, gtest);
            case RunOutcome.INFRA -> FailureTexts.infra(t, gtest);
            default -> throw new IllegalStateException("a failed attempt without a cause: " + t.id());
        };
    }

    /** Seconds with millisecond precision, as runners write them, without String.format's cost. */
    private static StringBuilder seconds(StringBuilder sb, long ms) {
        sb.append(ms / 1000).append('.');
        long frac = ms % 1000;
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        return sb.append(frac);
    }

    static void attr(StringBuilder sb, String s) {
        escape(sb, s, true);
    }

    static void text(StringBuilder sb, String s) {
        escape(sb, s, false);
    }

    private static void escape(StringBuilder sb, String s, boolean attribute) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                // Attribute values normalise raw line breaks and tabs to spaces; references survive.
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append(attribute ? "&#13;" : "\r");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> sb.append(c);
            }
        }
    }

    /** A CDATA section cannot hold its own terminator: split it across two sections. */
    static void cdata(StringBuilder sb, String s) {
        sb.append(s.replace("]]>", "]]]]><![CDATA[>"));
    }
}
