package io.flakelens.app.bugs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.flakelens.core.bugs.BugRef;
import io.flakelens.core.tickets.Ticket;
import io.flakelens.core.tickets.TicketSelection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitHub client over real HTTP against a WireMock stub of the endpoints it uses. */
class GitHubTrackerTest {
    static final String TOKEN = "ghp_secretsecretsecret";
    static final Instant T = Instant.parse("2026-11-27T12:00:00Z");

    WireMockServer gh;
    final List<Duration> slept = new ArrayList<>();
    GitHubTracker client;

    @BeforeEach
    void start() {
        gh = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        gh.start();
        client = new GitHubTracker(
                gh.baseUrl(),
                "acme/widgets",
                TOKEN,
                slept::add,
                Clock.fixed(T, ZoneOffset.UTC),
                3,
                Duration.ofSeconds(1),
                Duration.ofMinutes(15));
    }

    @AfterEach
    void stop() {
        gh.stop();
    }

    static String issue(long n, String state, String body) {
        return "{\"number\":" + n + ",\"html_url\":\"https://github.com/acme/widgets/issues/" + n + "\",\"state\":\""
                + state + "\",\"body\":\"" + body + "\"}";
    }

    @Test
    void create_makes_missing_labels_then_posts_the_issue_with_the_token() {
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/labels/flakelens"))
                .willReturn(aResponse().withStatus(404)));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/labels/flaky%20test"))
                .willReturn(okJson("{\"name\":\"flaky test\"}")));
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/labels"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withRequestBody(equalToJson("{\"title\":\"Flaky test: S::a\",\"body\":\"b flakelens-1\","
                        + "\"labels\":[\"flakelens\",\"flaky test\"]}"))
                .willReturn(aResponse().withStatus(201).withBody(issue(12, "open", "b flakelens-1"))));

        BugRef ref = client.create("Flaky test: S::a", "b flakelens-1", List.of("flakelens", "flaky test"));
        assertThat(ref)
                .isEqualTo(
                        new BugRef("github:acme/widgets#12", 12, "https://github.com/acme/widgets/issues/12", "open"));
        gh.verify(
                1,
                postRequestedFor(urlPathEqualTo("/repos/acme/widgets/labels"))
                        .withRequestBody(matching(".*\"name\":\"flakelens\".*")));
        // labels are checked once per client
        client.create("Flaky test: S::a", "b flakelens-1", List.of("flakelens", "flaky test"));
        gh.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/widgets/labels/flakelens")));
    }

    @Test
    void reads_are_retried_on_5xx_with_doubling_backoff() {
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/3"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("one"));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/3"))
                .inScenario("flaky")
                .whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("two"));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/3"))
                .inScenario("flaky")
                .whenScenarioStateIs("two")
                .willReturn(okJson(issue(3, "closed", ""))));
        assertThat(client.get(3)).map(BugRef::state).contains("closed");
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void reads_give_up_after_the_retries_and_never_show_the_token() {
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/3"))
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Server Error\"}")));
        assertThatThrownBy(() -> client.get(3))
                .isInstanceOf(TrackerException.class)
                .hasMessageContaining("HTTP 500: Server Error")
                .hasMessageNotContaining(TOKEN);
        gh.verify(4, getRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/3")));
        assertThat(client.toString()).doesNotContain(TOKEN);
    }

    @Test
    void a_create_that_fails_with_5xx_is_not_repeated() {
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/labels/flakelens")).willReturn(okJson("{}")));
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues"))
                .willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> client.create("t", "b", List.of("flakelens"))).isInstanceOf(TrackerException.class);
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        assertThat(slept).isEmpty();
    }

    @Test
    void a_spent_rate_limit_waits_until_its_reset_and_retries_even_a_post() {
        long reset = T.getEpochSecond() + 30;
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues/5/comments"))
                .inScenario("rl")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", String.valueOf(reset))
                        .withBody("{\"message\":\"API rate limit exceeded\"}"))
                .willSetStateTo("ok"));
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues/5/comments"))
                .inScenario("rl")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        client.comment(5, "still flaky");
        assertThat(slept).containsExactly(Duration.ofSeconds(31));
        gh.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/5/comments")));
    }

    @Test
    void retry_after_is_honoured_and_the_last_request_of_a_window_makes_the_next_call_wait() {
        gh.stubFor(patch(urlPathEqualTo("/repos/acme/widgets/issues/5"))
                .inScenario("sec")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("retry-after", "7"))
                .willSetStateTo("ok"));
        gh.stubFor(patch(urlPathEqualTo("/repos/acme/widgets/issues/5"))
                .inScenario("sec")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(issue(5, "open", ""))
                        .withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", String.valueOf(T.getEpochSecond() + 100))));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/5")).willReturn(okJson(issue(5, "open", ""))));
        assertThat(client.reopen(5).open()).isTrue();
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        client.get(5);
        assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(101));
    }

    @Test
    void a_rate_limit_longer_than_the_longest_wait_fails_with_when_to_come_back() {
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/5"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", String.valueOf(T.getEpochSecond() + 3600))));
        assertThatThrownBy(() -> client.get(5)).hasMessageContaining("rate limit is spent for another 60 minutes");
        assertThat(slept).isEmpty();
    }

    @Test
    void find_searches_the_marker_and_after_a_crash_also_lists_recent_issues_page_by_page() {
        gh.stubFor(get(urlPathEqualTo("/search/issues"))
                .withQueryParam("q", equalTo("\"flakelens-00ff\" repo:acme/widgets is:issue in:body"))
                .willReturn(okJson("{\"total_count\":0,\"items\":[]}")));
        assertThat(client.find("flakelens-00ff", null, Set.of())).isEmpty();
        gh.verify(0, getRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));

        String page2 = gh.baseUrl() + "/repos/acme/widgets/issues?page=2";
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withQueryParam("since", equalTo("2026-11-27T10:59:00Z"))
                .willReturn(okJson("[" + issue(8, "open", "other flakelens-aaaa") + "]")
                        .withHeader("Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"")));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + issue(9, "open", "x flakelens-00ff") + "]")));
        Optional<BugRef> found = client.find("flakelens-00ff", Instant.parse("2026-11-27T11:00:00Z"), Set.of());
        assertThat(found).map(BugRef::number).contains(9L);
        // a bug already known (the closed one a refile links) is not the one looked for
        assertThat(client.find("flakelens-00ff", Instant.parse("2026-11-27T11:00:00Z"), Set.of(9L)))
                .isEmpty();
    }

    @Test
    void search_hits_are_checked_for_the_whole_marker() {
        gh.stubFor(get(urlPathEqualTo("/search/issues"))
                .willReturn(okJson("{\"items\":[" + issue(4, "closed", "flakelens-00ffx") + ","
                        + issue(3, "closed", "see flakelens-00ff") + "]}")));
        assertThat(client.find("flakelens-00ff", null, Set.of()))
                .map(BugRef::number)
                .contains(3L);
    }

    /** A hand-filed issue with labels, close date and reason, assignee. */
    static String human(
            long n, String title, String body, String closedAt, String reason, boolean assigned, String... labels) {
        String ls = String.join(
                ",",
                java.util.Arrays.stream(labels)
                        .map(l -> "{\"name\":\"" + l + "\"}")
                        .toList());
        return "{\"number\":" + n + ",\"url\":\"https://api.github.com/repos/acme/widgets/issues/" + n
                + "\",\"html_url\":\"https://github.com/acme/widgets/issues/" + n + "\",\"title\":\"" + title
                + "\",\"body\":\"" + body + "\",\"state\":\"" + (closedAt == null ? "open" : "closed")
                + "\",\"closed_at\":" + (closedAt == null ? "null" : "\"" + closedAt + "\"") + ",\"state_reason\":"
                + (reason == null ? "null" : "\"" + reason + "\"") + ",\"assignees\":"
                + (assigned ? "[{\"login\":\"dev\"}]" : "[]")
                + ",\"labels\":[" + ls + "]}";
    }

    @Test
    void flake_tickets_are_listed_by_label_and_searched_by_title_prefix() {
        gh.stubFor(
                get(urlPathEqualTo("/repos/acme/widgets/issues")).atPriority(10).willReturn(okJson("[]")));
        gh.stubFor(get(urlPathEqualTo("/search/issues")).atPriority(10).willReturn(okJson("{\"items\":[]}")));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withQueryParam("labels", equalTo("kind/flake"))
                .withQueryParam("state", equalTo("open"))
                .willReturn(okJson("[" + human(1, "net is flaky", "x", null, null, false, "kind/flake") + ","
                        + "{\"number\":50,\"state\":\"open\",\"pull_request\":{},\"labels\":[{\"name\":\"kind/flake\"}]},"
                        + human(2, "mine", "flakelens-0123456789abcdef", null, null, false, "kind/flake") + "]")));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withQueryParam("labels", equalTo("kind/flake"))
                .withQueryParam("state", equalTo("closed"))
                .withQueryParam("since", equalTo("2026-10-28T12:00:00Z"))
                .willReturn(okJson("["
                        + human(3, "fixed", "x", "2026-11-20T00:00:00Z", "completed", false, "kind/flake")
                        + "," + human(4, "old", "x", "2026-10-01T00:00:00Z", "completed", false, "kind/flake") + ","
                        + human(5, "no", "x", "2026-11-21T00:00:00Z", "not_planned", false, "kind/flake") + "]")));
        gh.stubFor(get(urlPathEqualTo("/search/issues"))
                .withQueryParam("q", equalTo("repo:acme/widgets is:issue in:title \"Flaky Test\" state:open"))
                .willReturn(okJson("{\"items\":[" + human(6, "[Flaky Test] S::a", "", null, null, true) + ","
                        + human(7, "Flaky Test in title but not prefix", "", null, null, false) + ","
                        + human(1, "net is flaky", "x", null, null, false, "kind/flake") + "]}")));
        gh.stubFor(get(urlPathEqualTo("/search/issues"))
                .withQueryParam(
                        "q", equalTo("repo:acme/widgets is:issue in:title \"Failing Test\" closed:>=2026-10-28"))
                .willReturn(okJson("{\"items\":["
                        + human(8, "[Failing Test] job", "", "2026-11-26T00:00:00Z", null, false) + "]}")));
        List<Ticket> got = client.flakeTickets(TicketSelection.defaults(), T);
        assertThat(got).extracting(Ticket::number).containsExactlyInAnyOrder(1L, 3L, 6L, 8L);
        Ticket six = got.stream().filter(t -> t.number() == 6).findFirst().orElseThrow();
        assertThat(six.assigned()).isTrue();
        assertThat(six.id()).isEqualTo("github:acme/widgets#6");
        assertThat(six.key()).isEqualTo("#6");
        // closed before GitHub had close reasons: done
        assertThat(got.stream()
                        .filter(t -> t.number() == 8)
                        .findFirst()
                        .orElseThrow()
                        .completed())
                .isTrue();
    }

    @Test
    void linked_pull_requests_come_from_cross_references_in_the_timeline() {
        String ev = "{\"event\":\"cross-referenced\",\"source\":{\"type\":\"issue\",\"issue\":{\"number\":%d,"
                + "\"html_url\":\"https://github.com/acme/widgets/pull/%d\",\"state\":\"%s\",%s}}}";
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/1/timeline"))
                .willReturn(okJson("[{\"event\":\"labeled\"},"
                        + String.format(ev, 10, 10, "open", "\"pull_request\":{\"merged_at\":null}") + ","
                        + String.format(
                                ev, 11, 11, "closed", "\"pull_request\":{\"merged_at\":\"2026-11-26T00:00:00Z\"}")
                        + "," + String.format(ev, 12, 12, "open", "\"title\":\"an issue, not a PR\"") + "]")));
        Ticket t = new Ticket("github:acme/widgets#1", 1, "#1", "u", "t", "", List.of(), null, false, false, List.of());
        assertThat(client.linkedChanges(t))
                .containsExactly(
                        new Ticket.LinkedChange("https://github.com/acme/widgets/pull/10", true, false),
                        new Ticket.LinkedChange("https://github.com/acme/widgets/pull/11", false, true));
    }

    @Test
    void ticket_lookups_take_numbers_and_issue_urls_of_this_github() {
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/12"))
                .willReturn(okJson(human(12, "t", "", "2026-11-02T00:00:00Z", "completed", false))));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/other/issues/3"))
                .willReturn(okJson(human(3, "t", "", null, null, false))));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/404"))
                .willReturn(aResponse().withStatus(404)));
        assertThat(client.ticket("#12"))
                .hasValueSatisfying(t -> assertThat(t.open()).isFalse());
        // the stub serves the API on 127.0.0.1, so its issue URLs are on 127.0.0.1 too
        assertThat(client.ticket(gh.baseUrl().replace("http://", "http://") + "/acme/other/issues/3"))
                .hasValueSatisfying(t -> assertThat(t.open()).isTrue());
        assertThat(client.ticket("https://elsewhere.example/acme/other/issues/3"))
                .isEmpty();
        assertThat(client.ticket("#404")).isEmpty();
        assertThat(client.ticket("DCOS_OSS-1234")).isEmpty();
    }
}
