package io.flakelens.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flakelens.core.bugs.FilingPolicy;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.owner.CodeOwners;
import io.flakelens.core.owner.OwnerRule;
import io.flakelens.core.owner.Owners;
import io.flakelens.core.tickets.TicketSelection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parsed {@code flakelens.yaml}. Example (every key optional):
 * <pre>
 * owners:
 *   codeowners: ../widgets            # a CODEOWNERS file, or a checkout searched where GitHub looks
 *   rules:                            # first match wins; regexes match whole fields
 *     - {job: "e2e-.*", name: ".*Volume.*", owner: team-volumes}
 * jobs:
 *   e2e-gce: {owner: sig-testing}
 * tracker:
 *   failing_runs: 3                   # a job whose latest 3 runs all failed is failing
 *   groups:
 *     - {name: release-blocking, jobs: ["e2e-.*", unit]}
 * bugs:
 *   tracker: github
 *   repo: acme/widgets
 *   api_url: https://api.github.com
 *   labels: [flakelens, flaky-test]
 *   dashboard: https://flakelens.acme.dev
 *   closed_bugs: reopen               # or: new
 *   window: 24h, recent: 6h, min_changes: 3, min_post_submit: 3, update_every: 24h,
 *   max_actions: 30, actions_window: 24h, change_kinds: [false-rejection, same-code]
 *   flake_labels: [kind/flake, kind/failing-test]    # hand-filed flake tickets: these labels ...
 *   flake_titles: ["[Flaky Test]", "[Failing Test]"] # ... or these title prefixes
 *   closed_within: 30d                               # closed ones count this long
 *   # tracker: jira, with url: https://acme.atlassian.net, project: FLK, issue_type: Bug, jql: "..."
 * </pre>
 */
public record FlakelensConfig(
        Path source,
        Owners owners,
        Map<String, String> jobOwners,
        List<JobGroup> groups,
        int failingRuns,
        BugsConfig bugs) {
    public static final String FILE_NAME = "flakelens.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public FlakelensConfig {
        jobOwners = Map.copyOf(jobOwners);
        groups = List.copyOf(groups);
    }

    /** No file: nobody owns anything (SIG tags aside), all jobs form one group, bugs are dry runs. */
    public static FlakelensConfig empty() {
        return new FlakelensConfig(null, Owners.none(), Map.of(), List.of(), 3, BugsConfig.defaults());
    }

    /**
     * The file given, else {@code $FLAKELENS_CONFIG}, else {@code flakelens.yaml} in the working
     * folder when there is one, else {@link #empty()}. A file named but missing is an error.
     */
    public static FlakelensConfig find(String given) {
        if (given != null && !given.isBlank()) {
            return load(Path.of(given));
        }
        String env = System.getenv("FLAKELENS_CONFIG");
        if (env != null && !env.isBlank()) {
            return load(Path.of(env));
        }
        Path here = Path.of(FILE_NAME);
        return Files.isRegularFile(here) ? load(here) : empty();
    }

    public static FlakelensConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such config file");
        }
        try {
            return parse(YAML.readTree(file.toFile()), file);
        } catch (IOException e) {
            throw new ConfigException(
                    file + ": cannot read YAML: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
    }

    static FlakelensConfig parse(JsonNode root, Path file) {
        Reader r = new Reader(file);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new FlakelensConfig(file, Owners.none(), Map.of(), List.of(), 3, BugsConfig.defaults());
        }
        r.keys(root, "", "owners", "jobs", "tracker", "bugs");
        Map<String, String> jobOwners = new LinkedHashMap<>();
        JsonNode jobs = root.path("jobs");
        for (Iterator<Map.Entry<String, JsonNode>> it = jobs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            r.keys(e.getValue(), "jobs." + e.getKey(), "owner");
            String owner = r.text(e.getValue(), "owner", "jobs." + e.getKey());
            if (owner != null) {
                jobOwners.put(e.getKey(), owner);
            }
        }
        JsonNode o = root.path("owners");
        r.keys(o, "owners", "codeowners", "rules");
        List<OwnerRule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode rule : o.path("rules")) {
            String at = "owners.rules[" + i++ + "]";
            r.keys(rule, at, "job", "suite", "name", "file", "owner");
            try {
                rules.add(new OwnerRule(
                        r.regex(rule, "job", at),
                        r.regex(rule, "suite", at),
                        r.regex(rule, "name", at),
                        r.regex(rule, "file", at),
                        r.text(rule, "owner", at)));
            } catch (IllegalArgumentException e) {
                throw r.fail(at, e.getMessage());
            }
        }
        String co = r.text(o, "codeowners", "owners");
        CodeOwners codeOwners = co == null ? CodeOwners.EMPTY : codeOwners(r, r.path(co));
        JsonNode t = root.path("tracker");
        r.keys(t, "tracker", "failing_runs", "groups");
        int failingRuns = r.integer(t, "failing_runs", "tracker", 3);
        List<JobGroup> groups = new ArrayList<>();
        i = 0;
        for (JsonNode g : t.path("groups")) {
            String at = "tracker.groups[" + i++ + "]";
            r.keys(g, at, "name", "jobs");
            List<Pattern> pats = new ArrayList<>();
            for (JsonNode j : g.path("jobs")) {
                pats.add(r.compile(j.asText(), at + ".jobs"));
            }
            String name = r.text(g, "name", at);
            if (name == null || pats.isEmpty()) {
                throw r.fail(at, "a job group needs a name and at least one job");
            }
            groups.add(new JobGroup(name, pats));
        }
        return new FlakelensConfig(
                file,
                new Owners(rules, codeOwners, jobOwners),
                jobOwners,
                groups,
                failingRuns,
                bugs(r, root.path("bugs")));
    }

    private static BugsConfig bugs(Reader r, JsonNode b) {
        r.keys(
                b,
                "bugs",
                "tracker",
                "repo",
                "api_url",
                "token",
                "labels",
                "dashboard",
                "closed_bugs",
                "window",
                "recent",
                "min_changes",
                "min_post_submit",
                "change_kinds",
                "update_every",
                "max_actions",
                "actions_window",
                "url",
                "project",
                "issue_type",
                "jql",
                "flake_labels",
                "flake_titles",
                "closed_within");
        BugsConfig d = BugsConfig.defaults();
        FilingPolicy p = d.policy();
        String tracker = r.text(b, "tracker", "bugs");
        if (tracker != null && !tracker.equals("github") && !tracker.equals("jira")) {
            throw r.fail("bugs.tracker", "unknown tracker \"" + tracker + "\"; use github or jira");
        }
        String url = r.text(b, "url", "bugs");
        if (url != null && !url.matches("https?://\\S+")) {
            throw r.fail("bugs.url", "\"" + url + "\" is not an http(s) URL");
        }
        String project = r.text(b, "project", "bugs");
        if (project != null && !project.matches("[A-Z][A-Z0-9_]*")) {
            throw r.fail("bugs.project", "\"" + project + "\" is not a Jira project key (like FLK or DCOS_OSS)");
        }
        if ("jira".equals(tracker) && (url == null || project == null)) {
            throw r.fail("bugs", "tracker jira needs url (the Jira site) and project (its key)");
        }
        String issueType = r.text(b, "issue_type", "bugs");
        List<String> flakeLabels = r.list(b, "flake_labels", "bugs");
        List<String> flakeTitles = r.list(b, "flake_titles", "bugs");
        TicketSelection tickets = new TicketSelection(
                flakeLabels == null ? TicketSelection.DEFAULT_LABELS : flakeLabels,
                flakeTitles == null ? TicketSelection.DEFAULT_TITLES : flakeTitles,
                r.span(b, "closed_within", TicketSelection.DEFAULT_CLOSED_WITHIN));
        String repo = r.text(b, "repo", "bugs");
        if (repo != null && !repo.matches("[\\w.-]+/[\\w.-]+")) {
            throw r.fail("bugs.repo", "\"" + repo + "\" is not owner/name");
        }
        List<String> labels = new ArrayList<>();
        b.path("labels").forEach(l -> labels.add(l.asText()));
        Set<EvidenceKind> kinds = p.changeKinds();
        if (b.has("change_kinds")) {
            kinds = EnumSet.noneOf(EvidenceKind.class);
            for (JsonNode k : b.path("change_kinds")) {
                try {
                    kinds.add(EvidenceKind.ofLabel(k.asText()));
                } catch (IllegalArgumentException e) {
                    throw r.fail("bugs.change_kinds", e.getMessage());
                }
            }
        }
        String closed = r.text(b, "closed_bugs", "bugs");
        FilingPolicy.ClosedBugs closedBugs = p.closedBugs();
        if (closed != null) {
            try {
                closedBugs = FilingPolicy.ClosedBugs.valueOf(closed.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw r.fail("bugs.closed_bugs", "use reopen or new, not \"" + closed + "\"");
            }
        }
        FilingPolicy policy;
        try {
            policy = new FilingPolicy(
                    r.span(b, "window", p.window()),
                    r.integer(b, "min_changes", "bugs", p.minChanges()),
                    kinds,
                    r.integer(b, "min_post_submit", "bugs", p.minPostSubmit()),
                    r.span(b, "recent", p.recent()),
                    r.span(b, "update_every", p.updateEvery()),
                    r.integer(b, "max_actions", "bugs", p.maxActions()),
                    r.span(b, "actions_window", p.actionsWindow()),
                    closedBugs);
        } catch (IllegalArgumentException e) {
            throw r.fail("bugs", e.getMessage());
        }
        String api = r.text(b, "api_url", "bugs");
        return new BugsConfig(
                tracker,
                repo,
                api == null ? d.apiUrl() : api.replaceAll("/+$", ""),
                r.text(b, "token", "bugs"),
                labels.isEmpty() ? d.labels() : labels,
                r.text(b, "dashboard", "bugs"),
                policy,
                new BugsConfig.Jira(
                        url == null ? null : url.replaceAll("/+$", ""),
                        project,
                        issueType == null ? d.jira().issueType() : issueType,
                        r.text(b, "jql", "bugs")),
                tickets);
    }

    private static CodeOwners codeOwners(Reader r, Path p) {
        Path file = p;
        if (Files.isDirectory(p)) {
            file = CodeOwners.LOCATIONS.stream()
                    .map(p::resolve)
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(() -> r.fail(
                            "owners.codeowners",
                            p + " has no CODEOWNERS file (looked in " + String.join(", ", CodeOwners.LOCATIONS) + ")"));
        }
        try {
            return CodeOwners.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw r.fail("owners.codeowners", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads fields and says which key of which file is wrong. */
    private record Reader(Path file) {
        ConfigException fail(String key, String why) {
            return new ConfigException(file + ": " + key + ": " + why);
        }

        void keys(JsonNode node, String at, String... allowed) {
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            if (!node.isObject()) {
                throw fail(at.isEmpty() ? "top level" : at, "expected a mapping");
            }
            List<String> ok = List.of(allowed);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!ok.contains(k) && !at.equals("jobs")) {
                    throw fail(at.isEmpty() ? k : at + "." + k, "unknown key; known here: " + String.join(", ", ok));
                }
            }
        }

        String text(JsonNode node, String field, String at) {
            JsonNode v = node.path(field);
            if (v.isMissingNode() || v.isNull()) {
                return null;
            }
            if (!v.isValueNode()) {
                throw fail(at + "." + field, "expected a single value");
            }
            return v.asText();
        }

        /** A list of strings, or null when the key is absent. */
        List<String> list(JsonNode node, String field, String at) {
            JsonNode v = node.path(field);
            if (v.isMissingNode() || v.isNull()) {
                return null;
            }
            if (!v.isArray()) {
                throw fail(at + "." + field, "expected a list, like [a, b]");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.isValueNode() || x.asText().isBlank()) {
                    throw fail(at + "." + field, "expected non-empty strings, got " + x);
                }
                out.add(x.asText());
            }
            return out;
        }

        int integer(JsonNode node, String field, String at, int fallback) {
            JsonNode v = node.path(field);
            if (v.isMissingNode() || v.isNull()) {
                return fallback;
            }
            if (!v.canConvertToInt()) {
                throw fail(at + "." + field, "expected a whole number, got " + v);
            }
            return v.asInt();
        }

        Duration span(JsonNode node, String field, Duration fallback) {
            String v = text(node, field, "bugs");
            if (v == null) {
                return fallback;
            }
            var m = java.util.regex.Pattern.compile("(\\d+)([smhdw])").matcher(v.strip());
            if (!m.matches()) {
                throw fail("bugs." + field, "cannot read \"" + v + "\"; use a span like 24h, 6h, 30m or 1d");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }

        Pattern regex(JsonNode node, String field, String at) {
            String v = text(node, field, at);
            return v == null ? null : compile(v, at + "." + field);
        }

        Pattern compile(String regex, String at) {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw fail(at, "bad regex \"" + regex + "\": " + e.getDescription());
            }
        }

        Path path(String p) {
            Path given = Path.of(p);
            Path dir = file == null ? null : file.toAbsolutePath().getParent();
            return given.isAbsolute() || dir == null
                    ? given
                    : dir.resolve(given).normalize();
        }
    }
}
