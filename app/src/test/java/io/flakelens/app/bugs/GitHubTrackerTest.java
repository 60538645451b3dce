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
}
