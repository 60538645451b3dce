package io.flakelens.core.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The markers a scan looks for, and the pattern that finds a ticket in a reason when no argument
 * holds one. {@link #defaults()} knows the spellings CI projects commonly write; a JSON file adds to them or
 * replaces them:
 * <pre>{@code
 * {"defaults": true,
 *  "ticket_pattern": "\\bACME-\\d+\\b",
 *  "markers": [{"language": "python", "name": "quarantine", "ticket": "issue|0", "reason": "reason",
 *               "since": "since"},
 *              {"language": "go", "name": "SkipFlaky", "reason": "1"},
 *              {"language": "java", "name": "Tag", "when": {"arg": "value|0", "matches": "^slow-flaky$"}}]}
 * }</pre>
 */
public record Markers(List<Marker> markers, Pattern ticketPattern) {
    /** JIRA keys ({@code DCOS_OSS-4568}), GitHub {@code #123} and issue or bug URLs. */
    public static final String TICKETS = "\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*-\\d+\\b|(?<![\\w&])#\\d+\\b"
            + "|https?://\\S+/(?:issues|pull|browse|bug|show_bug\\.cgi\\?id=)/?\\S*";

    /** A Go skip or a Java tag means a mute only when its text says flaky (or quarantined, or muted). */
    private static final String FLAKY_TEXT = "(?i)flak|quarantin|\\bmuted?\\b";

    public Markers {
        markers = List.copyOf(markers);
    }

    public static Markers defaults() {
        List<Marker> m = new ArrayList<>();
        // DC/OS: @xfailflake(jira=..., reason=..., since=...), also spelled @pytest.mark.xfailflake
        m.add(Marker.of(Language.PYTHON, "xfailflake", "jira|ticket", "reason", "since", null, null));
        // xfail's first positional argument is its condition, not a reason
        m.add(Marker.of(Language.PYTHON, "mark.xfail", null, "reason", null, null, null));
        // pytest-rerunfailures' @pytest.mark.flaky and the flaky package's @flaky
        m.add(Marker.of(Language.PYTHON, "flaky", null, "reason", null, null, null));
        m.add(Marker.of(Language.PYTHON, "mark.skip", null, "reason|0", null, null, null));
        m.add(Marker.of(Language.PYTHON, "unittest.skip", null, "reason|0", null, null, null));
        m.add(Marker.of(Language.PYTHON, "unittest.expectedFailure", null, null, null, null, null));

        // Kotlin tests run on the same JUnit and write the same reports: the same annotations mute them
        for (Language jvm : List.of(Language.JAVA, Language.KOTLIN)) {
            m.add(Marker.of(jvm, "Disabled", null, "value|0", null, null, null));
            m.add(Marker.of(jvm, "Ignore", null, "value|0", null, null, null));
            // @DisabledIf, @DisabledIfEnvironmentVariable, @DisabledIfSystemProperty: the reason is disabledReason
            m.add(Marker.of(jvm, "DisabledIf*", null, "disabledReason", null, null, null));
            m.add(Marker.of(jvm, "Tag", null, null, null, "value|0", "(?i)^(flaky|quarantined?|muted)$"));
        }
        // TestNG: @Test(enabled = false)
        m.add(Marker.of(Language.JAVA, "Test", null, "description", null, "enabled", "^false$"));

        m.add(Marker.of(Language.GO, "Skip", null, "0", null, "0", FLAKY_TEXT));
        m.add(Marker.of(Language.GO, "Skipf", null, "0", null, "0", FLAKY_TEXT));

        for (String js : List.of(
                "it.skip",
                "test.skip",
                "xit",
                "xtest",
                "test.fixme",
                "describe.skip",
                "xdescribe",
                "context.skip",
                "xcontext",
                "suite.skip")) {
            m.add(Marker.of(Language.JS, js, null, null, null, null, null));
        }
        return new Markers(m, Pattern.compile(TICKETS));
    }

    /** Markers from a JSON document (see the class comment); {@code "defaults": false} drops the defaults. */
    public static Markers fromJson(InputStream in, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object with \"markers\"");
        }
        List<Marker> out = new ArrayList<>();
        Pattern tickets = Pattern.compile(TICKETS);
        if (root.path("defaults").asBoolean(true)) {
            out.addAll(defaults().markers());
        }
        try {
            if (root.hasNonNull("ticket_pattern")) {
                tickets = Pattern.compile(root.get("ticket_pattern").asText());
            }
            int i = 0;
            for (JsonNode n : root.path("markers")) {
                i++;
                if (!n.hasNonNull("language") || !n.hasNonNull("name")) {
                    throw new IllegalArgumentException("marker " + i + " needs \"language\" and \"name\"");
                }
                JsonNode when = n.path("when");
                out.add(Marker.of(
                        Language.ofLabel(n.get("language").asText()),
                        n.get("name").asText(),
                        text(n, "ticket"),
                        text(n, "reason"),
                        text(n, "since"),
                        text(when, "arg"),
                        text(when, "matches")));
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(source + ": bad pattern: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return new Markers(out, tickets);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The first configured marker of this language that the call is, as a mute. */
    Optional<Marker.Mute> match(Language language, Call call) {
        for (Marker m : markers) {
            if (m.language() == language) {
                Optional<Marker.Mute> mute = m.apply(call, ticketPattern);
                if (mute.isPresent()) {
                    return mute;
                }
            }
        }
        return Optional.empty();
    }

    /** A ticket mentioned in free text (a comment above an {@code it.skip}), or null. */
    String ticketIn(String text) {
        if (text == null || ticketPattern == null) {
            return null;
        }
        var m = ticketPattern.matcher(text);
        return m.find() ? m.group() : null;
    }

    /** Whether any marker of the language could be spelled with this simple name; a cheap filter before parsing. */
    boolean mentions(Language language, String text) {
        for (Marker m : markers) {
            if (m.language() != language) {
                continue;
            }
            String n = m.name();
            String last = n.substring(n.lastIndexOf('.') + 1);
            if (last.endsWith("*")) {
                last = last.substring(0, last.length() - 1);
            }
            if (!text.contains(last)) {
                continue;
            }
            // a marker that means a mute only with a keyword argument (@Test(enabled = false)) needs that too
            boolean keywords = true;
            for (ArgRef r : m.whenArg()) {
                if (r instanceof ArgRef.Named k && m.whenArg().size() == 1) {
                    keywords = text.contains(k.keyword());
                }
            }
            if (keywords) {
                return true;
            }
        }
        return false;
    }
}
