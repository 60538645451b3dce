package io.flakelens.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.StorableText;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test -json} (test2json) is an event stream, not a document: a test's result is known
 * only when its terminal event arrives, and its failure text is the output events before it. So
 * this parser keeps only the tests that are running (with their output capped) and emits each test
 * the moment it ends; a test that ends again later ({@code -count=N}, reruns) is emitted again and
 * the ingest numbers the attempts. Failures that belong to no test (a build failure, a panic in
 * {@code TestMain} or after the tests) become a {@code (package)} case with outcome ERROR, and a
 * test still running when its package fails or the stream ends becomes an ERROR: otherwise the
 * most telling failures of a Go run would vanish from the history.
 */
public final class GoTestJsonParser implements ReportParser {
    /** Name of the case that carries a package-level failure no test owns. */
    public static final String PACKAGE_CASE = "(package)";

    /** Built on first use: the sniffer holds every parser, and most reports are not Go's. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** {@code t.Errorf} output ({@code    foo_test.go:12: msg}) and compiler errors ({@code ./a.go:4:6: msg}). */
    private static final Pattern GO_POSITION = Pattern.compile("^\\s*\\S+\\.go:\\d+(:\\d+)?: ");
    /**
     * Lines go test prints around a test's own output (indented for subtests) and the package
     * summary lines; they say nothing about the failure.
     */
    private static final Pattern FRAMING = Pattern.compile(
            "^(\\s*=== (RUN|PAUSE|CONT|NAME)\\b|\\s*--- (PASS|FAIL|SKIP|BENCH):|PASS$|FAIL$|ok\\s|FAIL\\t|\\?\\s)");
    /** The line older go versions print to stdout, outside the JSON, when a package does not build. */
    private static final Pattern BUILD_FAILED = Pattern.compile("^FAIL\\s+(\\S+)\\s+\\[(build|setup) failed\\]");

    @Override
    public String format() {
        return "go-test2json";
    }

    @Override
    public void parse(InputStream in, CaseSink sink) throws IOException, ReportException {
        Lines lines = new Lines(in);
        Stream stream = new Stream(sink);
        String line;
        while ((line = lines.next()) != null) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.charAt(0) != '{') {
                stream.plainLine(t);
                continue;
            }
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(t);
            } catch (JsonProcessingException e) {
                long col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
                throw new ReportException("malformed JSON: " + e.getOriginalMessage(), lines.number(), col, e);
            }
            if (!event.isObject()) {
                throw new ReportException("expected a test2json event object", lines.number(), 1);
            }
            stream.event(event);
        }
        stream.end();
    }

    /** The state of one stream: running tests per package, package output, build output. */
    private static final class Stream {
        private final CaseSink sink;
        private final Map<String, PackageState> packages = new LinkedHashMap<>();
        private final Map<String, Output> builds = new HashMap<>();
        private final Output plain = new Output(false);

        Stream(CaseSink sink) {
            this.sink = sink;
        }

        void event(JsonNode e) throws ReportException {
            String action = text(e, "Action");
            String pkg = text(e, "Package");
            String test = text(e, "Test");
            String output = text(e, "Output");
            if (action == null) {
                return;
            }
            if (action.equals("build-output") || action.equals("build-fail")) {
                String path = text(e, "ImportPath");
                if (output != null) {
                    builds.computeIfAbsent(path == null ? "" : path, k -> new Output(false))
                            .add(output);
                }
                return;
            }
            PackageState p = packages.computeIfAbsent(pkg == null ? "" : pkg, PackageState::new);
            long elapsed = millis(e.get("Elapsed"));
            if (test == null) {
                if (output != null) {
                    p.output.add(output);
                }
                switch (action) {
                    case "pass", "skip" -> endPackage(p, false, null);
                    case "fail" -> endPackage(p, true, text(e, "FailedBuild"));
                    default -> {}
                }
                return;
            }
            switch (action) {
                case "run" -> p.running.put(test, new Output(true));
                case "pass" -> endTest(p, test, Outcome.PASS, elapsed);
                case "fail" -> endTest(p, test, Outcome.FAIL, elapsed);
                case "skip" -> endTest(p, test, Outcome.SKIP, elapsed);
                default -> {
                    // output, bench, pause, cont: only the text matters. Old go versions give
                    // benchmarks output and a result but no run event.
                    if (output != null) {
                        p.running.computeIfAbsent(test, k -> new Output(false)).add(output);
                    }
                }
            }
        }

        /** A line outside the JSON: keep the recent ones, they are the build errors of the next FAIL line. */
        void plainLine(String line) throws ReportException {
            Matcher m = BUILD_FAILED.matcher(line);
            if (!m.find()) {
                plain.add(line + "\n");
                return;
            }
            String pkg = m.group(1);
            Failure f = new Failure(
                    null, plain.message() != null ? plain.message() : m.group(2) + " failed", plain.detail());
            sink.accept(
                    new TestCase(new TestId(pkg, PACKAGE_CASE), null, List.of(new Attempt(Outcome.ERROR, -1, f))),
                    null);
            plain.clear();
        }

        private void endTest(PackageState p, String test, Outcome outcome, long elapsed) throws ReportException {
            Output out = p.running.remove(test);
            if (outcome == Outcome.FAIL) {
                p.testFailed = true;
            }
            Failure failure = null;
            if (outcome != Outcome.PASS && out != null && (outcome == Outcome.FAIL || out.message() != null)) {
                failure = new Failure(null, out.message(), out.detail());
            }
            emit(p.name, test, new Attempt(outcome, elapsed, failure));
        }

        private void endPackage(PackageState p, boolean failed, String failedBuild) throws ReportException {
            for (Map.Entry<String, Output> left : p.running.entrySet()) {
                // A timeout or a panic in another goroutine: the package output says what happened.
                Output out = left.getValue();
                if (!out.ran) {
                    continue;
                }
                String message = first(
                        out.message(),
                        p.output.message(),
                        failed
                                ? "the package failed while this test was running"
                                : "the package ended before this test reported a result");
                emit(
                        p.name,
                        left.getKey(),
                        new Attempt(
                                Outcome.ERROR, -1, new Failure(null, message, join(out.detail(), p.output.detail()))));
                p.testFailed = true;
            }
            p.running.clear();
            if (failed && !p.testFailed) {
                Output out = p.output;
                if (failedBuild != null && builds.containsKey(failedBuild)) {
                    out = builds.remove(failedBuild);
                }
                String message = out.message() != null
                        ? out.message()
                        : failedBuild != null ? "build failed" : "package failed outside any test";
                emit(p.name, PACKAGE_CASE, new Attempt(Outcome.ERROR, -1, new Failure(null, message, out.detail())));
            }
            packages.remove(p.name);
        }

        void end() throws ReportException {
            for (PackageState p : List.copyOf(packages.values())) {
                for (Map.Entry<String, Output> left : p.running.entrySet()) {
                    Output out = left.getValue();
                    if (!out.ran) {
                        continue;
                    }
                    String message = first(out.message(), null, "the stream ended before this test reported a result");
                    emit(
                            p.name,
                            left.getKey(),
                            new Attempt(Outcome.ERROR, -1, new Failure(null, message, out.detail())));
                }
            }
            packages.clear();
        }

        private void emit(String pkg, String test, Attempt attempt) throws ReportException {
            sink.accept(new TestCase(new TestId(pkg, test), null, List.of(attempt)), null);
        }
    }

    private static final class PackageState {
        final String name;
        final Map<String, Output> running = new LinkedHashMap<>();
        final Output output = new Output(false);
        boolean testFailed;

        PackageState(String name) {
            this.name = name;
        }
    }

    /** A test's output, capped, with the first line that reads like the error. */
    private static final class Output {
        /** A run event was seen: only then is a test that never ends reported as an error. */
        final boolean ran;

        private final StringBuilder text = new StringBuilder();
        private String positioned;
        private String firstLine;

        Output(boolean ran) {
            this.ran = ran;
        }

        void add(String chunk) {
            for (String line : chunk.split("\n", -1)) {
                if (line.isEmpty() || FRAMING.matcher(line).find()) {
                    continue;
                }
                String stripped = line.strip();
                if (stripped.isEmpty()) {
                    if (text.length() > 0 && text.length() < Failure.MAX_DETAIL) {
                        text.append('\n');
                    }
                    continue;
                }
                if (positioned == null && (GO_POSITION.matcher(line).find() || stripped.startsWith("panic: "))) {
                    positioned = stripped;
                }
                if (firstLine == null && !stripped.startsWith("exit status ")) {
                    firstLine = stripped;
                }
                if (text.length() < Failure.MAX_DETAIL) {
                    text.append(
                                    line,
                                    0,
                                    StorableText.end(line, Math.min(line.length(), Failure.MAX_DETAIL - text.length())))
                            .append('\n');
                }
            }
        }

        /** The first {@code file.go:N:} or {@code panic:} line, else the first line of output, else null. */
        String message() {
            return positioned != null ? positioned : firstLine;
        }

        String detail() {
            String d = text.toString().strip();
            return d.isEmpty() ? null : d;
        }

        void clear() {
            text.setLength(0);
            positioned = null;
            firstLine = null;
        }
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    private static String join(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a + "\n" + b;
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static long millis(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return -1;
        }
        double s = v.asDouble();
        return s < 0 || Double.isNaN(s) ? -1 : Math.round(s * 1000);
    }
}
