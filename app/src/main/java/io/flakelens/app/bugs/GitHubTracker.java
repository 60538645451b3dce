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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API (issues, labels, comments, search) over {@code java.net.http}; the API root is
 * configurable for GitHub Enterprise ({@code https://HOST/api/v3}).
 *
 * <p>Retries: reads and idempotent writes (GET, PATCH) are retried on 5xx and on I/O errors with
 * doubling back-off; POSTs are not (a 502 may hide an issue that was created: the caller looks the
 * marker up instead), except after a rate-limit refusal, which GitHub guarantees did nothing.
 * Rate limits: a 403/429 with {@code x-ratelimit-remaining: 0} waits until {@code x-ratelimit-reset},
 * one with {@code retry-after} waits that long, and a reply that spends the last request makes the
 * next call wait for the reset; a wait longer than {@code maxWait} fails instead. The token goes in
 * the Authorization header and nowhere else: not in messages, not in {@link #toString}.
 */
public final class GitHubTracker implements BugTracker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final HttpClient http;
    private final String api;
    private final String repo;
    private final String token;
    private final Sleeper sleeper;
    private final Clock clock;
    private final int retries;
    private final Duration backoff;
    private final Duration maxWait;
    private final Set<String> labelsEnsured = new HashSet<>();
    private Instant blockedUntil;

    GitHubTracker(
            String api,
            String repo,
            String token,
            Sleeper sleeper,
            Clock clock,
            int retries,
            Duration backoff,
            Duration maxWait) {
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.api = api.replaceAll("/+$", "");
        this.repo = repo;
        this.token = token;
        this.sleeper = sleeper;
        this.clock = clock;
        this.retries = retries;
        this.backoff = backoff;
        this.maxWait = maxWait;
    }

    /** The production client: 3 retries from 1 s, rate-limit waits up to 15 minutes. */
    public static GitHubTracker of(String api, String repo, String token) {
        return new GitHubTracker(
                api, repo, token, Sleeper.REAL, Clock.systemUTC(), 3, Duration.ofSeconds(1), Duration.ofMinutes(15));
    }

    @Override
    public String name() {
        return "github:" + repo;
    }

    @Override
    public String toString() {
        return "GitHubTracker[" + api + ", " + repo + "]";
    }

    @Override
    public Optional<BugRef> find(String marker, Instant createdSince, Set<Long> known) {
        String q = "\"" + marker + "\" repo:" + repo + " is:issue in:body";
        JsonNode found = call("GET", "/search/issues?per_page=10&sort=created&order=desc&q=" + enc(q), null)
                .json();
        for (JsonNode item : found.path("items")) {
            if (hasMarker(item.path("body").asText(""), marker)
                    && !known.contains(item.path("number").asLong())) {
                return Optional.of(ref(item));
            }
        }
        if (createdSince == null) {
            return Optional.empty();
        }
        // The search index lags creation by seconds to minutes; the issue list does not.
        String path = "/repos/" + repo + "/issues?state=all&sort=created&direction=desc&per_page=100&since="
                + enc(createdSince.minusSeconds(60).toString());
        for (int page = 0; path != null && page < 10; page++) {
            Reply r = call("GET", path, null);
            for (JsonNode item : r.json()) {
                if (!item.has("pull_request")
                        && hasMarker(item.path("body").asText(""), marker)
                        && !known.contains(item.path("number").asLong())) {
                    return Optional.of(ref(item));
                }
            }
            path = r.next();
        }
        return Optional.empty();
    }

    @Override
    public BugRef create(String title, String body, List<String> labels) {
        for (String l : labels) {
            ensureLabel(l);
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("title", title);
        req.put("body", body);
        req.put("labels", labels);
        return ref(call("POST", "/repos/" + repo + "/issues", req).json());
    }

    @Override
    public void comment(long number, String body) {
        call("POST", "/repos/" + repo + "/issues/" + number + "/comments", Map.of("body", body));
    }

    @Override
    public BugRef reopen(long number) {
        return ref(call("PATCH", "/repos/" + repo + "/issues/" + number, Map.of("state", "open"))
                .json());
    }

    @Override
    public Optional<BugRef> get(long number) {
        Reply r = call("GET", "/repos/" + repo + "/issues/" + number, null, 404);
        return r.status() == 404 ? Optional.empty() : Optional.of(ref(r.json()));
    }

    /**
     * Per label, the open tickets and those updated within the span (closing updates a ticket); per
     * title prefix, the same two searches. Each listing stops after {@link #MAX_PAGES} pages.
     */
    @Override
    public List<Ticket> flakeTickets(TicketSelection selection, Instant now) {
        Map<Long, Ticket> out = new LinkedHashMap<>();
        Instant from = now.minus(selection.closedWithin());
        for (String label : selection.labels()) {
            String base = "/repos/" + repo + "/issues?per_page=100&labels=" + enc(label);
            collect(base + "&state=open", selection, now, out);
            collect(base + "&state=closed&since=" + enc(from.toString()), selection, now, out);
        }
        String day = LocalDate.ofInstant(from, ZoneOffset.UTC).toString();
        for (String prefix : selection.titlePrefixes()) {
            // search ignores brackets; the selection checks the real prefix
            String words = prefix.replaceAll("[\\[\\]\"]", " ").strip();
            if (words.isEmpty()) {
                continue;
            }
            String q = "repo:" + repo + " is:issue in:title \"" + words + "\"";
            for (String state : List.of(" state:open", " closed:>=" + day)) {
                String path = "/search/issues?per_page=100&q=" + enc(q + state);
                for (int page = 0; path != null && page < MAX_PAGES; page++) {
                    Reply r = call("GET", path, null);
                    keep(r.json().path("items"), selection, now, out);
                    path = r.next();
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** Pages of one listing a pass reads at most: 1,000 tickets. */
    static final int MAX_PAGES = 10;

    private void collect(String path, TicketSelection selection, Instant now, Map<Long, Ticket> out) {
        for (int page = 0; path != null && page < MAX_PAGES; page++) {
            Reply r = call("GET", path, null);
            keep(r.json(), selection, now, out);
            path = r.next();
        }
    }

    private void keep(JsonNode items, TicketSelection selection, Instant now, Map<Long, Ticket> out) {
        for (JsonNode item : items) {
            if (item.has("pull_request")) {
                continue;
            }
            Ticket t = ticket(item);
            if (selection.selects(t, now)) {
                out.putIfAbsent(t.number(), t);
            }
        }
    }

    /** Pull requests that cross-referenced the ticket, from its timeline. */
    @Override
    public List<Ticket.LinkedChange> linkedChanges(Ticket ticket) {
        List<Ticket.LinkedChange> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String path = "/repos/" + repo + "/issues/" + ticket.number() + "/timeline?per_page=100";
        for (int page = 0; path != null && page < MAX_PAGES; page++) {
            Reply r = call("GET", path, null);
            for (JsonNode e : r.json()) {
                JsonNode src = e.path("source").path("issue");
                JsonNode pr = src.path("pull_request");
                if ("cross-referenced".equals(e.path("event").asText()) && pr.isObject()) {
                    String url = src.path("html_url").asText();
                    if (seen.add(url)) {
                        boolean merged = pr.hasNonNull("merged_at");
                        out.add(new Ticket.LinkedChange(
                                url, "open".equals(src.path("state").asText()), merged));
                    }
                }
            }
            path = r.next();
        }
        return out;
    }

    private static final Pattern NUMBER_REF = Pattern.compile("#(\\d+)");
    private static final Pattern URL_REF = Pattern.compile("https?://[^/\\s]+/([\\w.-]+/[\\w.-]+)/issues/(\\d+)\\b.*");

    /** {@code #12} in this repository, or an issue URL on this GitHub (any repository it serves). */
    @Override
    public Optional<Ticket> ticket(String reference) {
        String ref = reference.strip();
        Matcher n = NUMBER_REF.matcher(ref);
        Matcher u = URL_REF.matcher(ref);
        String path;
        if (n.matches()) {
            path = "/repos/" + repo + "/issues/" + n.group(1);
        } else if (u.matches() && sameHost(ref)) {
            path = "/repos/" + u.group(1) + "/issues/" + u.group(2);
        } else {
            return Optional.empty();
        }
        Reply r = call("GET", path, null, 404, 410);
        return r.status() >= 400 ? Optional.empty() : Optional.of(ticket(r.json()));
    }

    /** github.com's issue URLs are served by api.github.com; an Enterprise host serves its own. */
    private boolean sameHost(String url) {
        String host = URI.create(url.split("\\s")[0]).getHost();
        String apiHost = URI.create(api).getHost();
        return host != null && (host.equalsIgnoreCase(apiHost) || ("api." + host).equalsIgnoreCase(apiHost));
    }

    Ticket ticket(JsonNode issue) {
        long n = issue.path("number").asLong();
        List<String> labels = new ArrayList<>();
        issue.path("labels")
                .forEach(l ->
                        labels.add(l.isTextual() ? l.asText() : l.path("name").asText()));
        boolean closed = "closed".equals(issue.path("state").asText());
        Instant closedAt = closed ? closedAt(issue.path("closed_at").asText("")) : null;
        // tickets closed before GitHub had close reasons have none: they count as done
        String reason = issue.path("state_reason").asText("");
        boolean assigned =
                issue.path("assignees").size() > 0 || issue.path("assignee").isObject();
        String owner = repoOf(issue);
        return new Ticket(
                "github:" + owner + "#" + n,
                n,
                owner.equals(repo) ? "#" + n : owner + "#" + n,
                issue.path("html_url").asText(),
                issue.path("title").asText(""),
                issue.path("body").asText(""),
                labels,
                closedAt,
                closed && !reason.equals("not_planned") && !reason.equals("duplicate"),
                assigned,
                List.of());
    }

    /** A closed ticket without a readable close time closed just now: it still counts as recent. */
    private Instant closedAt(String s) {
        try {
            return Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return clock.instant();
        }
    }

    /** owner/name from the issue's API URL; this repository when it has none. */
    private String repoOf(JsonNode issue) {
        Matcher m = Pattern.compile("/repos/([^/]+/[^/]+)/issues/\\d+$")
                .matcher(issue.path("url").asText(""));
        return m.find() ? m.group(1) : repo;
    }

    private void ensureLabel(String label) {
        if (labelsEnsured.contains(label)) {
            return;
        }
        Reply r = call("GET", "/repos/" + repo + "/labels/" + enc(label).replace("+", "%20"), null, 404);
        if (r.status() == 404) {
            // 422 "already_exists" when another instance made it meanwhile: fine too.
            call(
                    "POST",
                    "/repos/" + repo + "/labels",
                    Map.of("name", label, "color", "d93f0b", "description", "Filed by Flakelens"),
                    422);
        }
        labelsEnsured.add(label);
    }

    private BugRef ref(JsonNode issue) {
        long n = issue.path("number").asLong();
        return new BugRef(
                name() + "#" + n,
                n,
                issue.path("html_url").asText(),
                issue.path("state").asText("open"));
    }

    /** The whole marker, not a longer token that starts with it. */
    static boolean hasMarker(String body, String marker) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(marker) + "(?![\\w-])")
                .matcher(body)
                .find();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    record Reply(int status, String body, String link) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new TrackerException(status, "GitHub replied with something that is not JSON");
            }
        }

        String next() {
            if (link == null) {
                return null;
            }
            Matcher m = NEXT.matcher(link);
            return m.find() ? m.group(1) : null;
        }
    }

    private Reply call(String method, String path, Object body, int... accepted) {
        boolean idempotent = !method.equals("POST");
        int attempt = 0;
        while (true) {
            waitForReset();
            HttpResponse<String> resp;
            try {
                String url = path.startsWith("http") ? path : api + path;
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/vnd.github+json")
                        .header("X-GitHub-Api-Version", "2022-11-28")
                        .header("User-Agent", "flakelens");
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
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
                    sleeper.pause(backoff.multipliedBy(1L << (attempt - 1)), "GitHub");
                    continue;
                }
                throw new TrackerException(
                        0, TrackerException.request(method, path) + ": no reply from " + api + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackerException(0, "interrupted while calling GitHub");
            }
            int s = resp.statusCode();
            noteRemaining(resp);
            Duration limited = rateLimited(resp);
            if (limited != null) {
                if (attempt++ >= retries + 2) {
                    throw new TrackerException(
                            s, "GitHub's rate limit still refuses " + TrackerException.request(method, path));
                }
                sleeper.pause(limited, "GitHub");
                continue;
            }
            if (s >= 500 && idempotent && attempt++ < retries) {
                sleeper.pause(backoff.multipliedBy(1L << (attempt - 1)), "GitHub");
                continue;
            }
            if (s < 300 || java.util.stream.IntStream.of(accepted).anyMatch(a -> a == s)) {
                return new Reply(
                        s, resp.body(), resp.headers().firstValue("link").orElse(null));
            }
            throw new TrackerException(
                    s, TrackerException.request(method, path) + " failed with HTTP " + s + ": " + message(resp.body()));
        }
    }

    /** The wait a rate-limit refusal asks for, or null when the reply is no such refusal. */
    private Duration rateLimited(HttpResponse<String> resp) {
        int s = resp.statusCode();
        if (s != 403 && s != 429) {
            return null;
        }
        Optional<String> after = resp.headers().firstValue("retry-after");
        if (after.isPresent()) {
            return bounded(Duration.ofSeconds(Long.parseLong(after.get().strip())));
        }
        if (resp.headers()
                .firstValue("x-ratelimit-remaining")
                .map(v -> v.strip().equals("0"))
                .orElse(false)) {
            long reset = resp.headers()
                    .firstValue("x-ratelimit-reset")
                    .map(v -> Long.parseLong(v.strip()))
                    .orElse(clock.instant().getEpochSecond() + 60);
            return bounded(Duration.between(clock.instant(), Instant.ofEpochSecond(reset))
                    .plusSeconds(1));
        }
        return null;
    }

    /** A reply that spent the last request of the window: the next call waits for the reset. */
    private void noteRemaining(HttpResponse<String> resp) {
        Optional<String> rem = resp.headers().firstValue("x-ratelimit-remaining");
        Optional<String> reset = resp.headers().firstValue("x-ratelimit-reset");
        if (resp.statusCode() < 300 && rem.isPresent() && rem.get().strip().equals("0") && reset.isPresent()) {
            blockedUntil =
                    Instant.ofEpochSecond(Long.parseLong(reset.get().strip())).plusSeconds(1);
        }
    }

    private void waitForReset() {
        if (blockedUntil != null) {
            Duration d = Duration.between(clock.instant(), blockedUntil);
            blockedUntil = null;
            if (!d.isNegative() && !d.isZero()) {
                sleeper.pause(bounded(d), "GitHub");
            }
        }
    }

    private Duration bounded(Duration d) {
        if (d.compareTo(maxWait) > 0) {
            throw new TrackerException(
                    403,
                    "GitHub's rate limit is spent for another " + d.toMinutes() + " minutes (longer than the "
                            + maxWait.toMinutes() + " minutes Flakelens waits); run again later");
        }
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String message(String body) {
        try {
            String m = JSON.readTree(body).path("message").asText("");
            return m.isEmpty() ? "(no message)" : m;
        } catch (IOException e) {
            return "(no message)";
        }
    }
}
