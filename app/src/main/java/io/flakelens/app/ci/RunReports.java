package io.flakelens.app.ci;

import io.flakelens.app.ingest.InputExpander;
import io.flakelens.app.ingest.ReportSource;
import io.flakelens.core.gate.GateFailure;
import io.flakelens.core.ingest.FormatSniffer;
import io.flakelens.core.ingest.ReportException;
import io.flakelens.core.ingest.ReportParser;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.TestCase;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failures of one run, read from its reports with the ingest parsers (the same formats, the
 * same ids). A test failed when it failed every attempt it had; one that passed on a rerun is
 * counted as flaky, not failed. A test reported in several files failed when its last report says so.
 *
 * @param tests    distinct tests reported
 * @param flaky    tests that failed and then passed on a rerun inside the run
 * @param problems files that could not be read, as {@code path:line:column: reason}
 */
public record RunReports(long tests, long flaky, List<GateFailure> failures, List<String> problems) {
    public RunReports {
        failures = List.copyOf(failures);
        problems = List.copyOf(problems);
    }

    public static RunReports read(List<Path> inputs) {
        InputExpander.Expanded ex = InputExpander.expand(inputs);
        List<String> problems = new ArrayList<>();
        ex.problems().forEach(p -> problems.add(p.label() + ": " + p.reason()));
        Map<String, TestCase> last = new LinkedHashMap<>();
        Map<String, String> reportOf = new LinkedHashMap<>();
        for (ReportSource s : ex.sources()) {
            String problem = parse(s, tc -> {
                last.put(tc.id().id(), tc);
                reportOf.put(tc.id().id(), s.label());
            });
            if (problem != null) {
                problems.add(problem);
            }
        }
        List<GateFailure> failures = new ArrayList<>();
        long flaky = 0;
        for (TestCase tc : last.values()) {
            if (tc.finalOutcome().failed()) {
                failures.add(failure(tc, reportOf.get(tc.id().id())));
            } else if (tc.flaky()) {
                flaky++;
            }
        }
        return new RunReports(last.size(), flaky, failures, problems);
    }

    private interface Cases {
        void accept(TestCase tc);
    }

    /** Parses one report; returns what went wrong, or null. */
    private static String parse(ReportSource s, Cases cases) {
        String label = s.label();
        try (InputStream raw = s.open();
                BufferedInputStream in = new BufferedInputStream(raw, 1 << 16)) {
            in.mark(FormatSniffer.HEAD);
            byte[] head = in.readNBytes(FormatSniffer.HEAD);
            in.reset();
            if (head.length == 0) {
                return label + ": empty file";
            }
            ReportParser parser = FormatSniffer.sniff(head, head.length).orElse(null);
            if (parser == null) {
                return label + ":1:1: not a known report format (JUnit XML, go test2json, NUnit, xUnit.net, TRX, TAP,"
                        + " Cockpit JSON)";
            }
            List<TestCase> read = new ArrayList<>();
            parser.parse(in, (tc, run) -> read.add(tc));
            read.forEach(cases::accept);
            return null;
        } catch (ReportException e) {
            return e.describe(label);
        } catch (IOException e) {
            return label + ": cannot read: " + e.getMessage();
        } catch (RuntimeException e) {
            return label + ": could not be read (" + e + ")";
        }
    }

    private static GateFailure failure(TestCase tc, String report) {
        Attempt a = tc.attempts().get(tc.attempts().size() - 1);
        Failure f = a.failure();
        String message = f == null ? "" : f.headline();
        String detail = f == null || f.detail() == null ? "" : f.detail();
        String text = (f == null || f.type() == null ? "" : f.type() + ": ") + message + "\n" + detail;
        FailureLocation.Location at = FailureLocation.find(tc.id(), tc.file(), detail);
        return new GateFailure(tc.id(), report, at.file(), at.line(), message, text.strip());
    }
}
