package io.flakelens.app.bugs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.core.bugs.BugRef;
import io.flakelens.core.bugs.BugTracker;
import io.flakelens.core.tickets.Ticket;
import io.flakelens.core.tickets.TicketSelection;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira's REST API v2 (Cloud and Data Center) over {@code java.net.http}: bugs are created in one
 * project, found by their markers (each marker is also a label, which JQL matches exactly), commented,
 * and reopened through a workflow transition out of the "done" category. Bug numbers are Jira's
 * numeric issue ids, which every endpoint takes in place of the key.
 *
 * <p>Retries as the GitHub client: GET on 5xx and I/O errors with doubling back-off, never a POST
 * (the caller looks the marker up instead); a 429 or 503 with {@code Retry-After} waits that long
 * (at most {@code maxWait}) and is then retried, POST included, since Jira did nothing. The
 * Authorization header is the only place the credentials go.
 */
public final class JiraTracker implements BugTracker {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern MARKER = Pattern.compile("(?<![\\w-])flakelens-[0-9a-f]{16}(?![\\w-])");
    static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*-\\d+");
    private static final Pattern BROWSE = Pattern.compile("https?://\\S+?/browse/(" + KEY.pattern() + ")\\b.*");
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    static final String FIELDS = "summary,description,labels,status,resolution,resolutiondate,assignee,created";
    /** Resolutions that close a ticket without the work being done. */
    private static final Set<String> NOT_DONE = Set.of(
            "won't do",
            "won't fix",
            "wontfix",
            "duplicate",
            "cannot reproduce",
            "incomplete",
            "declined",
            "not a bug",
            "obsolete");

    private final HttpClient http;
    private final String base;
    private final String project;
    private final String issueType;
    private final String jql;
    private final String authorization;
    private final Sleeper sleeper;
    private final int retries;
    private final Duration backoff;
    private final Duration maxWait;
    private final Clock clock;

    /**
     * @param jql           the query for hand-filed flake tickets
     * @param authorization the whole Authorization header value, null to call anonymously
     */
    JiraTracker(
            String base,
            String project,
            String issueType,
            String jql,
            String authorization,
            Sleeper sleeper,
            Clock clock,
            int retries,
            Duration backoff,
            Duration maxWait) {
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.base = base.replaceAll("/+$", "");
        this.project = project;
        this.issueType = issueType;
        this.jql = jql;
        this.authorization = authorization;
        this.sleeper = sleeper;
        this.clock = clock;
        this.retries = retries;
        this.backoff = backoff;
        this.maxWait = maxWait;
    }

    /** The production client: 3 retries from 1 s, waits for Jira's rate limit up to 15 minutes. */
    public static JiraTracker of(String base, String project, String issueType, String jql, String authorization) {
        return new JiraTracker(
                base,
                project,
                issueType,
                jql,
                authorization,
                Sleeper.REAL,
                Clock.systemUTC(),
                3,
                Duration.ofSeconds(1),
                Duration.ofMinutes(15));
    }

    /**
     * The Authorization header from the environment: {@code JIRA_TOKEN} as a bearer token (Data
     * Center personal access tokens), else {@code JIRA_USER} with {@code JIRA_API_TOKEN} as basic
     * authentication (Cloud); null when neither is set.
     */
    public static String authorization(Map<String, String> env) {
        String token = blankToNull(env.get("JIRA_TOKEN"));
        if (token != null) {
            return "Bearer " + token;
        }
        String user = blankToNull(env.get("JIRA_USER"));
        String api = blankToNull(env.get("JIRA_API_TOKEN"));
        if (user != null && api != null) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + api).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The query for hand-filed flake tickets when the config gives none. */
    public static String defaultJql(String project, TicketSelection selection) {
        String labels = String.join(
                ", ", selection.labels().stream().map(JiraTracker::quote).toList());
        return "project = " + quote(project) + " AND labels in (" + labels
                + ") AND (resolution is EMPTY OR resolved >= -"
                + selection.closedWithin().toDays() + "d)";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String name() {
        return "jira:" + project;
    }

    @Override
    public String toString() {
        return "JiraTracker[" + base + ", " + project + "]";
    }

    @Override
    public Optional<BugRef> find(String marker, Instant createdSince, Set<Long> known) {
        for (JsonNode issue : search(
                "project = " + quote(project) + " AND labels = " + quote(marker) + " ORDER BY created DESC", 10)) {
            if (carries(issue, marker) && !known.contains(issue.path("id").asLong())) {
                return Optional.of(ref(issue));
            }
        }
        if (createdSince == null) {
            return Optional.empty();
        }
        // the search index may lag a create; look at everything created since, by description too
        long minutes =
                Math.max(1, Duration.between(createdSince, clock.instant()).toMinutes() + 2);
        for (JsonNode issue : search(
                "project = " + quote(project) + " AND created >= -" + minutes + "m ORDER BY created DESC", 500)) {
            if (carries(issue, marker) && !known.contains(issue.path("id").asLong())) {
                return Optional.of(ref(issue));
            }
        }
        return Optional.empty();
    }

    private static boolean carries(JsonNode issue, String marker) {
        JsonNode f = issue.path("fields");
        for (JsonNode l : f.path("labels")) {
            if (l.asText().equals(marker)) {
                return true;
            }
        }
        return GitHubTracker.hasMarker(f.path("description").asText(""), marker);
    }

    /** The labels plus every marker of the text as a label, so JQL finds the bug by any of its flakes. */
    @Override
    public BugRef create(String title, String body, List<String> labels) {
        Set<String> all = new LinkedHashSet<>(labels);
        Matcher m = MARKER.matcher(body);
        while (m.find()) {
            all.add(m.group());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", project));
        fields.put("summary", title);
        fields.put("description", JiraText.of(body));
        fields.put("issuetype", Map.of("name", issueType));
        fields.put("labels", List.copyOf(all));
        JsonNode created =
                call("POST", "/rest/api/2/issue", Map.of("fields", fields)).json();
        String key = created.path("key").asText();
        return new BugRef("jira:" + key, created.path("id").asLong(), browse(key), "open");
    }

    @Override
    public void comment(long number, String body) {
        call("POST", "/rest/api/2/issue/" + number + "/comment", Map.of("body", JiraText.of(body)));
    }

    /** Takes the workflow's way out of "done": a transition named like reopen first, else the first that leaves done. */
    @Override
    public BugRef reopen(long number) {
        JsonNode ts = call("GET", "/rest/api/2/issue/" + number + "/transitions", null)
                .json()
                .path("transitions");
        String chosen = null;
        for (JsonNode t : ts) {
            boolean leavesDone = !"done"
                    .equals(t.path("to").path("statusCategory").path("key").asText());
            if (!leavesDone) {
                continue;
            }
            if (t.path("name").asText("").toLowerCase(Locale.ROOT).contains("reopen")) {
                chosen = t.path("id").asText();
                break;
            }
            if (chosen == null) {
                chosen = t.path("id").asText();
            }
        }
        if (chosen == null) {
            throw new TrackerException(
                    409, "Jira offers no transition that reopens issue " + number + "; reopen it by hand");
        }
        call("POST", "/rest/api/2/issue/" + number + "/transitions", Map.of("transition", Map.of("id", chosen)));
        return get(number)
                .orElseThrow(() -> new TrackerException(404, "issue " + number + " vanished after its reopen"));
    }

    @Override
    public Optional<BugRef> get(long number) {
        return issue(String.valueOf(number)).map(this::ref);
    }

    private Optional<JsonNode> issue(String idOrKey) {
        Reply r = call("GET", "/rest/api/2/issue/" + enc(idOrKey) + "?fields=" + FIELDS, null, 404);
        return r.status() == 404 ? Optional.empty() : Optional.of(r.json());
    }

    @Override
    public List<Ticket> flakeTickets(TicketSelection selection, Instant now) {
        List<Ticket> out = new ArrayList<>();
        for (JsonNode issue : search(jql, 1_000)) {
            Ticket t = ticket(issue);
            if (selection.current(t, now)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Jira's core API does not say which pull requests mention a ticket. */
    @Override
    public List<Ticket.LinkedChange> linkedChanges(Ticket ticket) {
        return List.of();
    }

    /** A Jira key ({@code DCOS_OSS-1234}) or a {@code /browse/KEY} URL; {@code #12} is not Jira's. */
    @Override
    public Optional<Ticket> ticket(String reference) {
        String ref = reference.strip();
        Matcher b = BROWSE.matcher(ref);
        String key = KEY.matcher(ref).matches() ? ref : b.matches() ? b.group(1) : null;
        return key == null ? Optional.empty() : issue(key).map(this::ticket);
    }

    private List<JsonNode> search(String query, int max) {
        List<JsonNode> out = new ArrayList<>();
        int start = 0;
        while (out.size() < max) {
            JsonNode page = call(
                            "GET",
                            "/rest/api/2/search?jql=" + enc(query) + "&startAt=" + start + "&maxResults=100&fields="
                                    + FIELDS,
                            null)
                    .json();
            JsonNode found = page.path("issues");
            found.forEach(out::add);
            start += found.size();
            if (found.isEmpty() || start >= page.path("total").asInt(0)) {
                break;
            }
        }
        return out;
    }

    private BugRef ref(JsonNode issue) {
        String key = issue.path("key").asText();
        return new BugRef("jira:" + key, issue.path("id").asLong(), browse(key), done(issue) ? "closed" : "open");
    }

    private static boolean done(JsonNode issue) {
        return "done"
                .equals(issue.path("fields")
                        .path("status")
                        .path("statusCategory")
                        .path("key")
                        .asText());
    }

    Ticket ticket(JsonNode issue) {
        JsonNode f = issue.path("fields");
        String key = issue.path("key").asText();
        List<String> labels = new ArrayList<>();
        f.path("labels").forEach(l -> labels.add(l.asText()));
        boolean closed = done(issue) || f.path("resolution").isObject();
        String resolution = f.path("resolution").path("name").asText("").toLowerCase(Locale.ROOT);
        Instant closedAt = closed ? time(f.path("resolutiondate").asText(null)) : null;
        return new Ticket(
                "jira:" + key,
                issue.path("id").asLong(),
                key,
                browse(key),
                f.path("summary").asText(""),
                f.path("description").asText(""),
                labels,
                closedAt,
                closed && !NOT_DONE.contains(resolution),
                f.path("assignee").isObject(),
                List.of());
    }

    /** Jira writes {@code 2026-11-27T12:00:00.000+0000}; a closed ticket without a date closed now. */
    private Instant time(String s) {
        if (s == null || s.isBlank()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(s, JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return clock.instant();
            }
        }
    }

    private String browse(String key) {
        return base + "/browse/" + key;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new TrackerException(status, "Jira replied with something that is not JSON");
            }
        }
    }

    private Reply call(String method, String path, Object body, int... accepted) {
        boolean idempotent = method.equals("GET");
        int attempt = 0;
        while (true) {
            HttpResponse<String> resp;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/json")
                        .header("User-Agent", "flakelens");
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
                String json = body == null ? null : JSON.writeValueAsString(body);
                b.method(
                        method,
                        json == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
                if (json != null) {
                    b.header("Content-Type", "application/json");
                }
                resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (idempotent && attempt++ < retries) {
                    sleeper.pause(backoff.multipliedBy(1L << (attempt - 1)), "Jira");
                    continue;
                }
                throw new TrackerException(
                        0, TrackerException.request(method, path) + ": no reply from " + base + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackerException(0, "interrupted while calling Jira");
            }
            int s = resp.statusCode();
            Optional<String> after = resp.headers().firstValue("retry-after");
            if ((s == 429 || s == 503)
                    && after.isPresent()
                    && after.get().strip().matches("\\d+")) {
                if (attempt++ >= retries + 2) {
                    throw new TrackerException(
                            s, "Jira's rate limit still refuses " + TrackerException.request(method, path));
                }
                Duration d = Duration.ofSeconds(Long.parseLong(after.get().strip()));
                if (d.compareTo(maxWait) > 0) {
                    throw new TrackerException(
                            s,
                            "Jira asks to wait " + d.toMinutes() + " minutes (longer than the " + maxWait.toMinutes()
                                    + " minutes Flakelens waits); run again later");
                }
                sleeper.pause(d, "Jira");
                continue;
            }
            if (s >= 500 && idempotent && attempt++ < retries) {
                sleeper.pause(backoff.multipliedBy(1L << (attempt - 1)), "Jira");
                continue;
            }
            if (s < 300 || java.util.stream.IntStream.of(accepted).anyMatch(a -> a == s)) {
                return new Reply(s, resp.body());
            }
            throw new TrackerException(
                    s, TrackerException.request(method, path) + " failed with HTTP " + s + ": " + message(resp.body()));
        }
    }

    /** Jira's {@code errorMessages} and field {@code errors}, which say what was wrong with a request. */
    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            List<String> parts = new ArrayList<>();
            n.path("errorMessages").forEach(m -> parts.add(m.asText()));
            n.path("errors")
                    .fields()
                    .forEachRemaining(
                            e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
            return parts.isEmpty() ? "(no message)" : String.join("; ", parts);
        } catch (IOException e) {
            return "(no message)";
        }
    }
}
