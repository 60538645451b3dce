package io.flakelens.app.bugs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.flakelens.core.bugs.BugRef;
import io.flakelens.core.tickets.Effort;
import io.flakelens.core.tickets.Ticket;
import io.flakelens.core.tickets.TicketSelection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Jira client over real HTTP against a WireMock stub of Jira's REST API v2. */
class JiraTrackerTest {
    static final Instant T = Instant.parse("2026-11-27T12:00:00Z");
    static final String AUTH = "Bearer jira-secret-token";
    static final String JQL =
            "project = \"FLK\" AND labels in (\"flaky-test\") AND (resolution is EMPTY OR resolved >= -30d)";

    WireMockServer jira;
    final List<Duration> slept = new ArrayList<>();
    JiraTracker client;

    @BeforeEach
    void start() {
        jira = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        jira.start();
        client = new JiraTracker(
                jira.baseUrl(),
                "FLK",
                "Bug",
                JQL,
                AUTH,
                slept::add,
                Clock.fixed(T, ZoneOffset.UTC),
                3,
                Duration.ofSeconds(1),
                Duration.ofMinutes(15));
    }

    @AfterEach
    void stop() {
        jira.stop();
    }

    /** An issue as search and get return it; {@code status} is a status category key (new, indeterminate, done). */
    static String issue(
            long id,
            String key,
            String status,
            String resolution,
            String resolved,
            String description,
            String assignee,
            String... labels) {
        String ls = String.join(
                ",", java.util.Arrays.stream(labels).map(l -> "\"" + l + "\"").toList());
        return "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"fields\":{\"summary\":\"[Flaky Test] " + key
                + "\",\"description\":\"" + description + "\",\"labels\":[" + ls + "],\"status\":{\"name\":\"x\","
                + "\"statusCategory\":{\"key\":\"" + status + "\"}},\"resolution\":"
                + (resolution == null ? "null" : "{\"name\":\"" + resolution + "\"}") + ",\"resolutiondate\":"
                + (resolved == null ? "null" : "\"" + resolved + "\"") + ",\"assignee\":"
                + (assignee == null ? "null" : "{\"name\":\"" + assignee + "\"}") + "}}";
    }

    static String page(int total, String... found) {
        return "{\"startAt\":0,\"maxResults\":100,\"total\":" + total + ",\"issues\":[" + String.join(",", found)
                + "]}";
    }

    @Test
    void the_environment_gives_a_bearer_token_or_basic_user_and_api_token() {
        assertThat(JiraTracker.authorization(Map.of("JIRA_TOKEN", " pat ", "JIRA_USER", "u", "JIRA_API_TOKEN", "a")))
                .isEqualTo("Bearer pat");
        assertThat(JiraTracker.authorization(Map.of("JIRA_USER", "me@acme.dev", "JIRA_API_TOKEN", "api")))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString("me@acme.dev:api".getBytes(StandardCharsets.UTF_8)));
        assertThat(JiraTracker.authorization(Map.of("JIRA_USER", "me@acme.dev")))
                .isNull();
        assertThat(JiraTracker.authorization(Map.of())).isNull();
    }

    @Test
    void create_posts_the_issue_with_labels_and_markers_as_labels_in_wiki_markup() {
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue"))
                .withHeader("Authorization", equalTo(AUTH))
                .willReturn(
                        aResponse().withStatus(201).withBody("{\"id\":\"10042\",\"key\":\"FLK-7\",\"self\":\"x\"}")));
        String body = "### Occurrences\n\n| a | b |\n|---|---|\n| [run](https://ci/1) | `x` |\n\n"
                + "flakelens-0123456789abcdef `S::a`\nflakelens-fedcba9876543210 `S::b`\n";
        BugRef ref = client.create("Flaky test: S::a", body, List.of("flakelens", "flaky-test"));
        assertThat(ref).isEqualTo(new BugRef("jira:FLK-7", 10042, jira.baseUrl() + "/browse/FLK-7", "open"));
        LoggedRequest req = jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/2/issue")))
                .get(0);
        assertThat(req.getBodyAsString())
                .contains(
                        "\"project\":{\"key\":\"FLK\"}",
                        "\"issuetype\":{\"name\":\"Bug\"}",
                        "\"labels\":[\"flakelens\",\"flaky-test\",\"flakelens-0123456789abcdef\",\"flakelens-fedcba9876543210\"]",
                        "h3. Occurrences",
                        "|| a || b ||",
                        "| [run|https://ci/1] | {{x}} |")
                .doesNotContain("|---|");
    }

    @Test
    void find_searches_the_marker_label_then_recent_creates_when_a_create_may_be_unrecorded() {
        String marker = "flakelens-0123456789abcdef";
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam(
                        "jql", equalTo("project = \"FLK\" AND labels = \"" + marker + "\" ORDER BY created DESC"))
                .willReturn(okJson(page(
                        1, issue(5, "FLK-5", "done", "Fixed", "2026-11-20T10:00:00.000+0000", marker, null, marker)))));
        assertThat(client.find(marker, null, Set.of())).map(BugRef::id).contains("jira:FLK-5");
        assertThat(client.find(marker, null, Set.of()).get().state()).isEqualTo("closed");
        // the old bug is known: look further, at what was created since the pending create (index lag)
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", equalTo("project = \"FLK\" AND created >= -12m ORDER BY created DESC"))
                .willReturn(okJson(page(
                        2,
                        issue(8, "FLK-8", "new", null, null, "other", null),
                        issue(9, "FLK-9", "new", null, null, "Filed by Flakelens " + marker, null)))));
        assertThat(client.find(marker, T.minusSeconds(600), Set.of(5L)))
                .map(BugRef::id)
                .contains("jira:FLK-9");
        assertThat(client.find(marker, null, Set.of(5L))).isEmpty();
    }

    @Test
    void comment_and_reopen_through_a_transition_out_of_done() {
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/10042/comment"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        client.comment(10042, "Still flaky.\n\n### Occurrences");
        jira.verify(postRequestedFor(urlPathEqualTo("/rest/api/2/issue/10042/comment"))
                .withHeader("Authorization", equalTo(AUTH))
                .withRequestBody(equalToJson("{\"body\":\"Still flaky.\\n\\nh3. Occurrences\"}")));

        jira.stubFor(
                get(urlPathEqualTo("/rest/api/2/issue/10042/transitions"))
                        .willReturn(
                                okJson(
                                        "{\"transitions\":["
                                                + "{\"id\":\"31\",\"name\":\"Close\",\"to\":{\"statusCategory\":{\"key\":\"done\"}}},"
                                                + "{\"id\":\"11\",\"name\":\"Start\",\"to\":{\"statusCategory\":{\"key\":\"indeterminate\"}}},"
                                                + "{\"id\":\"41\",\"name\":\"Reopen Issue\",\"to\":{\"statusCategory\":{\"key\":\"new\"}}}]}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/10042/transitions"))
                .willReturn(aResponse().withStatus(204)));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/10042"))
                .willReturn(okJson(issue(10042, "FLK-7", "new", null, null, "", null))));
        BugRef r = client.reopen(10042);
        assertThat(r.state()).isEqualTo("open");
        jira.verify(postRequestedFor(urlPathEqualTo("/rest/api/2/issue/10042/transitions"))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"41\"}}")));
    }

    @Test
    void a_workflow_without_a_way_out_of_done_is_a_clear_error() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/3/transitions"))
                .willReturn(okJson("{\"transitions\":[{\"id\":\"31\",\"name\":\"Close\","
                        + "\"to\":{\"statusCategory\":{\"key\":\"done\"}}}]}")));
        assertThatThrownBy(() -> client.reopen(3))
                .isInstanceOf(TrackerException.class)
                .hasMessageContaining("no transition that reopens issue 3");
    }

    @Test
    void flake_tickets_come_from_the_jql_page_by_page_without_flakelens_own_or_closed_unfixed() {
        String base = "/rest/api/2/search";
        jira.stubFor(get(urlPathEqualTo(base))
                .withQueryParam("jql", equalTo(JQL))
                .withQueryParam("startAt", equalTo("0"))
                .willReturn(okJson("{\"startAt\":0,\"total\":5,\"issues\":["
                        + issue(1, "FLK-1", "new", null, null, "com.acme.NetTest::connects", null, "flaky-test") + ","
                        + issue(2, "FLK-2", "indeterminate", null, null, "x", "dev", "flaky-test") + ","
                        + issue(3, "FLK-3", "done", "Fixed", "2026-11-20T10:00:00.000+0000", "x", null) + "]}")));
        jira.stubFor(get(urlPathEqualTo(base))
                .withQueryParam("jql", equalTo(JQL))
                .withQueryParam("startAt", equalTo("3"))
                .willReturn(okJson("{\"startAt\":3,\"total\":5,\"issues\":["
                        + issue(4, "FLK-4", "done", "Won't Fix", "2026-11-25T10:00:00.000+0000", "x", null) + ","
                        + issue(5, "FLK-5", "new", null, null, "flakelens-0123456789abcdef", null) + "]}")));
        List<Ticket> got = client.flakeTickets(TicketSelection.defaults(), T);
        assertThat(got).extracting(Ticket::key).containsExactly("FLK-1", "FLK-2", "FLK-3");
        assertThat(got).extracting(Effort::of).containsExactly(Effort.AWAITING_RESPONSE, Effort.TRIAGED, Effort.FIXED);
        assertThat(got.get(2).closedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(got.get(0).url()).isEqualTo(jira.baseUrl() + "/browse/FLK-1");
        assertThat(got.get(0).id()).isEqualTo("jira:FLK-1");
        jira.verify(2, getRequestedFor(urlPathEqualTo(base)).withHeader("Authorization", equalTo(AUTH)));
    }

    @Test
    void default_jql_is_the_project_the_labels_and_the_closed_span() {
        assertThat(JiraTracker.defaultJql("FLK", TicketSelection.defaults()))
                .isEqualTo("project = \"FLK\" AND labels in (\"kind/flake\", \"kind/failing-test\")"
                        + " AND (resolution is EMPTY OR resolved >= -30d)");
    }

    @Test
    void ticket_lookups_take_keys_and_browse_urls_and_leave_github_refs() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/DCOS_OSS-1234"))
                .willReturn(
                        okJson(issue(77, "DCOS_OSS-1234", "done", "Done", "2026-11-01T00:00:00.000+0000", "", null))));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/DCOS_OSS-9"))
                .willReturn(aResponse().withStatus(404)));
        assertThat(client.ticket("DCOS_OSS-1234")).hasValueSatisfying(t -> {
            assertThat(t.open()).isFalse();
            assertThat(t.completed()).isTrue();
        });
        assertThat(client.ticket("https://jira.acme.dev/browse/DCOS_OSS-1234")).isPresent();
        assertThat(client.ticket("DCOS_OSS-9")).isEmpty();
        assertThat(client.ticket("#12")).isEmpty();
        jira.verify(2, getRequestedFor(urlPathEqualTo("/rest/api/2/issue/DCOS_OSS-1234")));
    }

    @Test
    void a_429_waits_its_retry_after_even_for_a_post_but_a_5xx_post_is_not_repeated() {
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/4/comment"))
                .inScenario("rl")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
                .willSetStateTo("ok"));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/4/comment"))
                .inScenario("rl")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        client.comment(4, "c");
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue"))
                .willReturn(aResponse().withStatus(502).withBody("{\"errorMessages\":[\"bad gateway\"]}")));
        assertThatThrownBy(() -> client.create("t", "b", List.of()))
                .isInstanceOf(TrackerException.class)
                .hasMessageContaining("HTTP 502: bad gateway")
                .hasMessageNotContaining("jira-secret-token");
        jira.verify(1, postRequestedFor(urlPathEqualTo("/rest/api/2/issue")));
        assertThat(client.toString()).doesNotContain("secret");
    }

    @Test
    void field_errors_are_named() {
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue"))
                .withRequestBody(containing("Bug"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody(
                                "{\"errorMessages\":[],\"errors\":{\"issuetype\":\"valid issue type is required\"}}")));
        assertThatThrownBy(() -> client.create("t", "b", List.of()))
                .hasMessageContaining("issuetype: valid issue type is required");
    }
}
