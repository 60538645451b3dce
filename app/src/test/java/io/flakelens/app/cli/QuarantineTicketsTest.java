package io.flakelens.app.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.flakelens.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code quarantine suggest} looks the mutes' tickets up at the configured tracker: a muted test
 * whose ticket is closed is an unmute candidate, {@code ticket-closed}. Jira keys from DC/OS's
 * {@code xfailflake(jira=...)}, GitHub {@code #12} and issue URLs from skip reasons; each tracker
 * answers only for its own kind of reference.
 */
class QuarantineTicketsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    WireMockServer stub;
    String db;

    static List<String> stores() {
        return TestStores.names();
    }

    @BeforeEach
    void start() {
        stub = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    void scanned(String store) throws Exception {
        db = TestStores.fresh(store, dir);
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("tests"));
        Files.writeString(repo.resolve("pytest.ini"), "[pytest]\n");
        Files.writeString(repo.resolve("tests/test_t.py"), """
                import pytest

                @pytest.mark.xfailflake(jira='DCOS_OSS-1234', reason='races')
                def test_a():
                    pass

                @pytest.mark.xfailflake(jira='DCOS_OSS-9', reason='races')
                def test_b():
                    pass

                @pytest.mark.skip(reason="flaky, see #12")
                def test_c():
                    pass

                @pytest.mark.skip(reason="flaky: %s/acme/widgets/issues/13")
                def test_d():
                    pass
                """.formatted(stub.baseUrl()));
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who =
                    new PersonIdent("Dev", "dev@example.com", Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("mutes").setAuthor(who).setCommitter(who).call();
        }
        Cli scan = Cli.run("quarantine", "scan", repo.toString(), "--store", "--db", db);
        assertThat(scan.exit()).as(scan.err()).isZero();
    }

    JsonNode suggest(String config) throws Exception {
        Path c = Files.writeString(dir.resolve("flakelens.yaml"), config);
        Cli s = Cli.run(
                "quarantine", "suggest", "--db", db, "--config", c.toString(), "--since", "all", "--format", "json");
        assertThat(s.exit()).as(s.err()).isZero();
        return JSON.readTree(s.out()).get("unmute");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_closed_jira_ticket_makes_its_muted_test_an_unmute_candidate(String store) throws Exception {
        scanned(store);
        stub.stubFor(get(urlPathEqualTo("/rest/api/2/issue/DCOS_OSS-1234"))
                .willReturn(okJson("{\"id\":\"1\",\"key\":\"DCOS_OSS-1234\",\"fields\":{\"status\":{\"statusCategory\":"
                        + "{\"key\":\"done\"}},\"resolution\":{\"name\":\"Done\"},"
                        + "\"resolutiondate\":\"2026-11-20T10:00:00.000+0000\"}}")));
        stub.stubFor(get(urlPathEqualTo("/rest/api/2/issue/DCOS_OSS-9"))
                .willReturn(okJson("{\"id\":\"2\",\"key\":\"DCOS_OSS-9\",\"fields\":{\"status\":{\"statusCategory\":"
                        + "{\"key\":\"indeterminate\"}},\"resolution\":null}}")));
        JsonNode unmute = suggest("bugs:\n  tracker: jira\n  url: " + stub.baseUrl() + "\n  project: DCOS_OSS\n");
        assertThat(unmute).singleElement().satisfies(u -> {
            assertThat(u.get("id").asText()).isEqualTo("tests.test_t::test_a");
            assertThat(u.get("why").asText()).isEqualTo("ticket-closed");
            assertThat(u.get("ticket").asText()).isEqualTo("DCOS_OSS-1234");
            assertThat(u.get("evidence").asText())
                    .contains("ticket DCOS_OSS-1234 was closed as done at 2026-11-20T10:00:00Z", "tests/test_t.py:");
        });
        // GitHub references are not Jira's to answer
        assertThat(stub.getAllServeEvents()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void closed_github_tickets_by_number_or_url_and_no_lookup_without_a_tracker(String store) throws Exception {
        scanned(store);
        stub.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/12"))
                .willReturn(okJson("{\"number\":12,\"html_url\":\"h\",\"state\":\"closed\","
                        + "\"closed_at\":\"2026-11-10T00:00:00Z\",\"state_reason\":\"not_planned\"}")));
        stub.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/13"))
                .willReturn(okJson("{\"number\":13,\"html_url\":\"h\",\"state\":\"closed\","
                        + "\"closed_at\":\"2026-11-11T00:00:00Z\",\"state_reason\":\"completed\"}")));
        JsonNode unmute =
                suggest("bugs:\n  tracker: github\n  repo: acme/widgets\n  api_url: " + stub.baseUrl() + "\n");
        assertThat(unmute)
                .extracting(u -> u.get("id").asText() + " " + u.get("why").asText())
                .containsExactlyInAnyOrder("tests.test_t::test_c ticket-closed", "tests.test_t::test_d ticket-closed");
        assertThat(unmute.findValuesAsText("evidence"))
                .anySatisfy(e -> assertThat(e).contains("ticket #12 was closed without a fix"));
        stub.verify(getRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/13")));

        // no tracker configured: nothing is looked up and no mute is suggested for lifting
        stub.resetRequests();
        assertThat(suggest("jobs: {}\n")).isEmpty();
        assertThat(stub.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_lookup_that_fails_is_a_warning_and_the_rest_still_counts(String store) throws Exception {
        scanned(store);
        stub.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/12"))
                .willReturn(aResponse().withStatus(401)));
        stub.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/13"))
                .willReturn(okJson("{\"number\":13,\"html_url\":\"h\",\"state\":\"closed\","
                        + "\"closed_at\":\"2026-11-11T00:00:00Z\",\"state_reason\":\"completed\"}")));
        Path c = Files.writeString(
                dir.resolve("gh.yaml"),
                "bugs:\n  tracker: github\n  repo: acme/widgets\n  api_url: " + stub.baseUrl() + "\n");
        Cli s = Cli.run("quarantine", "suggest", "--db", db, "--config", c.toString(), "--since", "all");
        assertThat(s.exit()).isEqualTo(1);
        assertThat(s.err()).contains("cannot look up #12 at github:acme/widgets", "HTTP 401");
        assertThat(s.out()).contains("tests.test_t::test_d", "ticket-closed").doesNotContain("test_c");
    }
}
