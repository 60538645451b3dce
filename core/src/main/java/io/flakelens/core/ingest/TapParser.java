package io.flakelens.core.ingest;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.StorableText;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Test Anything Protocol (12, 13 and 14). TAP is written by hand-rolled harnesses as much as by
 * libraries, so the reading is forgiving where the meaning is still plain ({@code ok-no number},
 * a plan in the middle, results after the trailer) and ignores every line that is not TAP, as the
 * protocol asks. Three choices are Flakelens's own:
 * <ul>
 * <li>A test point is an assertion, and harnesses like tape repeat descriptions ("should be
 * equal") within one file. Read as one test those would look like retries and invent flakes, so a
 * description seen before in the same (sub)test gets its point number appended.</li>
 * <li>{@code Bail out!} is an ERROR case, and a plan that promised more points than ran is an
 * ERROR case named {@value #PLAN_CASE}: a crash half-way is the failure a flake tracker most
 * needs to see, and it has no test point of its own.</li>
 * <li>A subtest's name is known from a {@code # Subtest:} comment or only from the point that
 * closes it, so a subtest's points are held until it closes (one subtest, not the file); the
 * top level streams. Only the names seen so far in each open (sub)test are remembered.</li>
 * </ul>
 */
public final class TapParser implements ReportParser {
    /** Name of the case for points a plan promised but the stream never gave. */
    public static final String PLAN_CASE = "(plan)";

    public static final String BAIL_CASE = "Bail out!";
    /** Separates nested subtest names in a suite. */
    static final String NESTING = " > ";

    private static final Pattern POINT = Pattern.compile("^(not\\s+)?ok\\b\\s*(\\d+)?\\s*(?:-\\s*)?(.*)$");
    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)\\b(.*)$");
    private static final Pattern DIRECTIVE =
            Pattern.compile("(?<!\\\\)#\\s*(skip|todo)\\S*\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBTEST = Pattern.compile("^#\\s*Subtest\\b:?\\s*(.*)$");
    private static final Pattern BAIL = Pattern.compile("^Bail out!\\s*(.*)$");
    /** node-tap ends a subtest's closing point with {@code # time=12.5ms}: not part of its name. */
    private static final Pattern TIMING = Pattern.compile("\\s*(?<!\\\\)#\\s*time=\\S*\\s*$");

    private static final Pattern YAML_MESSAGE = Pattern.compile("^message:\\s*(.*)$");

    @Override
    public String format() {
        return "tap";
    }

    @Override
    public void parse(InputStream in, CaseSink sink) throws IOException, ReportException {
        Lines lines = new Lines(in);
        Reading reading = new Reading(sink);
        String line;
        while ((line = lines.next()) != null) {
            if (!reading.line(line)) {
                break;
            }
        }
        reading.end();
    }

    /** A test point waiting for a YAML block that may follow it. */
    private static final class Point {
        final Frame frame;
        final String name;
        final Outcome outcome;
        final String reason;
        final String description;
        final int indent;
        StringBuilder yaml;
        int yamlIndent = -1;
        boolean yamlClosed;

        Point(Frame frame, String name, Outcome outcome, String reason, String description, int indent) {
            this.frame = frame;
            this.name = name;
            this.outcome = outcome;
            this.reason = reason;
            this.description = description;
            this.indent = indent;
        }
    }

    /** A case read in a subtest whose name (and its parents') may not be known yet. */
    private record Pending(Deque<String> path, String name, Attempt attempt) {}

    /** One level of (sub)test: the top level or a subtest indented 4 spaces deeper than its parent. */
    private static final class Frame {
        final int depth;
        String name;
        int points;
        int plan = -1;
        final Set<String> names = new HashSet<>();
        final List<Pending> held = new ArrayList<>();

        Frame(int depth, String name) {
            this.depth = depth;
            this.name = name;
        }
    }

    private static final class Reading {
        private final CaseSink sink;
        private final Deque<Frame> frames = new ArrayDeque<>();
        private Point point;
        private String subtestName;
        private int subtestDepth = -1;
        private boolean bailed;

        Reading(CaseSink sink) {
            this.sink = sink;
            frames.push(new Frame(0, null));
        }

        /** Reads one line; false once the stream bailed out and the rest must be ignored. */
        boolean line(String raw) throws ReportException {
            int lead = leadingBlanks(raw);
            int indent = columns(raw, lead);
            String content = raw.substring(lead).stripTrailing();
            if (point != null && point.yaml != null && !point.yamlClosed) {
                if (content.equals("...") && indent == point.yamlIndent) {
                    point.yamlClosed = true;
                    return true;
                }
                if (content.isEmpty() || indent >= point.yamlIndent) {
                    appendYaml(raw, point.yamlIndent);
                    return true;
                }
                point.yamlClosed = true;
            }
            if (point != null && point.yaml == null && content.equals("---") && indent > point.indent) {
                point.yaml = new StringBuilder();
                point.yamlIndent = indent;
                return true;
            }
            if (content.isEmpty()) {
                return true;
            }
            int depth = indent / 4;
            Matcher m = POINT.matcher(content);
            if (m.matches()) {
                settle();
                String description = m.group(3).strip();
                closeDeeperThan(depth, description);
                Frame f = frameAt(depth);
                f.points++;
                point = point(f, m.group(1) == null, m.group(2), description, indent);
                return true;
            }
            m = BAIL.matcher(content);
            if (m.matches()) {
                settle();
                Frame f = frames.peek();
                String why = m.group(1).strip();
                add(
                        f,
                        BAIL_CASE,
                        new Attempt(Outcome.ERROR, -1, new Failure(null, why.isEmpty() ? BAIL_CASE : why, null)));
                bailed = true;
                return false;
            }
            m = PLAN.matcher(content);
            if (m.matches()) {
                settle();
                closeDeeperThan(depth, null);
                frameAt(depth).plan = parseCount(m.group(1));
                return true;
            }
            m = SUBTEST.matcher(content);
            if (m.matches()) {
                settle();
                String name = m.group(1).strip();
                if (depth > frames.peek().depth && subtestDepth != depth) {
                    // TAP 14 style: the comment is indented like the subtest's own points.
                    frameAt(depth).name = name.isEmpty() ? null : name;
                } else {
                    // node-tap style: the comment sits at the parent's level, before the subtest.
                    closeDeeperThan(depth, null);
                    frameAt(depth);
                    subtestName = name.isEmpty() ? null : name;
                    subtestDepth = depth + 1;
                }
            }
            // Anything else (comments, pragmas, the version line, program output) is not a result.
            return true;
        }

        void end() throws ReportException {
            settle();
            while (frames.size() > 1) {
                close(frames.pop(), null);
            }
            checkPlan(frames.peek());
        }

        private Point point(Frame f, boolean ok, String number, String description, int indent) {
            int n = number == null ? f.points : parseCount(number);
            String directive = null;
            String reason = null;
            Matcher d = DIRECTIVE.matcher(description);
            if (d.find()) {
                directive = d.group(1).toLowerCase(Locale.ROOT);
                reason = d.group(2).strip();
                description = description.substring(0, d.start()).strip();
                if (description.endsWith("-")) {
                    description =
                            description.substring(0, description.length() - 1).strip();
                }
            }
            description = TIMING.matcher(description).replaceFirst("").replace("\\#", "#");
            Outcome outcome;
            if ("skip".equals(directive)) {
                outcome = Outcome.SKIP;
            } else if ("todo".equals(directive)) {
                // A failing TODO is expected to fail; a passing one is a pass that came early.
                outcome = ok ? Outcome.PASS : Outcome.SKIP;
            } else {
                outcome = ok ? Outcome.PASS : Outcome.FAIL;
            }
            String name = description.isEmpty() ? "test " + n : description;
            if (!f.names.add(name)) {
                name = name + " [" + n + "]";
                f.names.add(name);
            }
            return new Point(
                    f,
                    name,
                    outcome,
                    reason == null || reason.isEmpty() ? null : reason,
                    description.isEmpty() ? null : description,
                    indent);
        }

        /** Emits (or holds) the point read last, now that no YAML block can follow it. */
        private void settle() throws ReportException {
            Point p = point;
            if (p == null) {
                return;
            }
            point = null;
            String yaml = p.yaml == null ? null : p.yaml.toString().stripTrailing();
            if (yaml != null && yaml.isEmpty()) {
                yaml = null;
            }
            Failure failure = null;
            if (p.outcome == Outcome.FAIL) {
                // Assertion libraries (node-tap, tape) put the assertion's message in the description.
                String message = yamlMessage(yaml);
                failure = new Failure(null, message != null ? message : p.description, yaml);
            } else if (p.outcome == Outcome.SKIP && p.reason != null) {
                failure = new Failure(null, p.reason, null);
            }
            add(p.frame, p.name, new Attempt(p.outcome, -1, failure));
        }

        private void add(Frame f, String name, Attempt attempt) throws ReportException {
            if (f.depth == 0) {
                sink.accept(new TestCase(new TestId("", name), null, List.of(attempt)), null);
            } else {
                f.held.add(new Pending(new ArrayDeque<>(), name, attempt));
            }
        }

        /** The frame for a line at this depth, opening subtest frames down to it. */
        private Frame frameAt(int depth) {
            while (frames.peek().depth < depth) {
                int d = frames.peek().depth + 1;
                String name = subtestDepth == d ? subtestName : null;
                frames.push(new Frame(d, name));
                subtestName = null;
                subtestDepth = -1;
            }
            return frames.peek();
        }

        /** Closes the subtests deeper than a point at this depth; that point names the innermost. */
        private void closeDeeperThan(int depth, String closingDescription) throws ReportException {
            while (frames.peek().depth > depth) {
                Frame f = frames.pop();
                close(f, frames.peek().depth == depth ? closingDescription : null);
            }
        }

        private void close(Frame f, String closingDescription) throws ReportException {
            checkPlan(f);
            String name =
                    f.name != null ? f.name : closingDescription != null ? stripDirective(closingDescription) : "";
            Frame parent = frames.peek();
            for (Pending p : f.held) {
                p.path().addFirst(name);
                if (parent.depth == 0) {
                    sink.accept(
                            new TestCase(
                                    new TestId(String.join(NESTING, p.path()), p.name()), null, List.of(p.attempt())),
                            null);
                } else {
                    parent.held.add(p);
                }
            }
            f.held.clear();
        }

        private void checkPlan(Frame f) throws ReportException {
            if (!bailed && f.plan > f.points) {
                add(
                        f,
                        PLAN_CASE,
                        new Attempt(
                                Outcome.ERROR,
                                -1,
                                new Failure(null, "planned " + f.plan + " tests but " + f.points + " ran", null)));
            }
        }

        private void appendYaml(String raw, int yamlIndent) {
            StringBuilder y = point.yaml;
            if (y.length() >= Failure.MAX_DETAIL) {
                return;
            }
            int lead = leadingBlanks(raw);
            int drop = lead;
            while (drop > 0 && columns(raw, drop) > yamlIndent) {
                drop--;
            }
            String text = raw.substring(drop);
            y.append(text, 0, StorableText.end(text, Math.min(text.length(), Failure.MAX_DETAIL - y.length())))
                    .append('\n');
        }
    }

    /** The YAML block's top-level {@code message:} value, unquoted; block scalars keep their lines. */
    static String yamlMessage(String yaml) {
        if (yaml == null) {
            return null;
        }
        String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = YAML_MESSAGE.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String v = m.group(1).strip();
            if (v.startsWith("|") || v.startsWith(">")) {
                StringBuilder sb = new StringBuilder();
                for (int j = i + 1; j < lines.length && (lines[j].isBlank() || lines[j].startsWith(" ")); j++) {
                    sb.append(lines[j].strip()).append(v.startsWith(">") ? " " : "\n");
                }
                v = sb.toString().strip();
            } else if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
                v = v.substring(1, v.length() - 1).replace("''", "'");
            } else if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1)
                        .replace("\\\"", "\"")
                        .replace("\\n", "\n")
                        .replace("\\\\", "\\");
            }
            return v.isEmpty() ? null : v;
        }
        return null;
    }

    private static String stripDirective(String description) {
        String s = TIMING.matcher(description).replaceFirst("");
        Matcher d = DIRECTIVE.matcher(s);
        s = d.find() ? s.substring(0, d.start()).strip() : s;
        return s.endsWith("-") ? s.substring(0, s.length() - 1).strip() : s;
    }

    private static int leadingBlanks(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Columns taken by the first {@code chars} characters, a tab reaching the next multiple of 4. */
    private static int columns(String line, int chars) {
        int n = 0;
        for (int i = 0; i < chars; i++) {
            n = line.charAt(i) == '\t' ? n + 4 - (n % 4) : n + 1;
        }
        return n;
    }

    private static int parseCount(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
