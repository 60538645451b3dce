package io.flakelens.app.bugs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.flakelens.app.Main;
import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.core.bugs.FlakeGroup;
import io.flakelens.store.Database;
import io.flakelens.store.History;
import io.flakelens.store.TestStores;
import io.flakelens.store.bugs.BugStore;
import io.flakelens.store.bugs.StoredBug;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A filing pass into Jira: the real pass and the real Jira client over a real store, against a
 * WireMock stub of Jira's REST API. The flake is filed once in project FLK, then updated with a
 * comment; where a hand-filed ticket found by the JQL names it, the ticket gets the comment instead.
 */
class JiraBugSyncTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final String AUTH = "Basic dTphcGk=";
    static final String NET = FlakeGroup.marker("com.acme.Net::connects");

    @TempDir
    Path dir;

    WireMockServer jira;
    String db;
    FlakelensConfig cfg;

    static List<String> stores() {
        return TestStores.names();
    }

    @BeforeEach
    void start() {
        jira = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        jira.start();
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .atPriority(10)
                .willReturn(okJson("{\"startAt\":0,\"total\":0,\"issues\":[]}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue"))
                .willReturn(
                        aResponse().withStatus(201).withBody("{\"id\":\"10001\",\"key\":\"FLK-1\",\"self\":\"x\"}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/10001/comment"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/10001"))
                .willReturn(okJson(JiraTrackerTest.issue(10001, "FLK-1", "new", null, null, "", null))));
    }

    @AfterEach
    void stop() {
        jira.stop();
    }

    void setUp(String store) throws Exception {
        db = TestStores.fresh(store, dir);
        flakes(NOW);
        Path c = Files.writeString(dir.resolve("flakelens.yaml"), """
                bugs:
                  tracker: jira
                  url: %s
                  project: FLK
                  issue_type: Task
                  jql: 'project = FLK AND labels = flaky'
                """.formatted(jira.baseUrl()));
        cfg = FlakelensConfig.load(c);
    }

    /** Three post-submit occurrences of the Net flake, the latest an hour before {@code at}. */
    void flakes(Instant at) {
        try (Database d = Database.open(db)) {
            History h = new History(d);
            for (int i = 1; i <= 3; i++) {
                h.post("ci", "linux", "r-" + at + "-" + i, at.minusSeconds(3600L * i))
                        .test("com.acme.Net", "connects", "FP")
                        .passing(10);
            }
            h.store();
        }
    }

    BugSync.Outcome sync(Instant at) {
        try (Database d = Database.open(db)) {
            new FlakeDetection(DetectionConfig.defaults()).run(d);
            JiraTracker client = new JiraTracker(
                    jira.baseUrl(),
                    "FLK",
                    "Task",
                    cfg.bugs().jira().jql(),
                    AUTH,
                    x -> {},
                    Clock.fixed(at, ZoneOffset.UTC),
                    3,
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(15));
            BugSync.Outcome o = new BugSync(d, cfg, client, Clock.fixed(at, ZoneOffset.UTC)).run(at);
            assertThat(o.errors()).isEmpty();
            return o;
        }
    }

    List<StoredBug> bugs() {
        try (Database d = Database.open(db)) {
            return new BugStore(d).bugs("FLK");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void files_into_the_project_then_comments_a_day_later(String store) throws Exception {
        setUp(store);
        BugSync.Outcome first = sync(NOW);
        assertThat(first.lines()).extracting(BugSync.Line::action).containsExactly("create");
        jira.verify(
                1,
                postRequestedFor(urlPathEqualTo("/rest/api/2/issue"))
                        .withHeader("Authorization", equalTo(AUTH))
                        .withRequestBody(containing("\"issuetype\":{\"name\":\"Task\"}"))
                        .withRequestBody(containing("\"labels\":[\"flakelens\",\"flaky-test\",\"" + NET + "\"]")));
        // before creating, the marker was looked up by its label
        jira.verify(postRequestedFor(urlPathEqualTo("/rest/api/2/issue")));
        jira.verify(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/rest/api/2/search"))
                        .withQueryParam("jql", containing("labels = \"" + NET + "\"")));
        assertThat(bugs()).singleElement().satisfies(b -> {
            assertThat(b.ref().id()).isEqualTo("jira:FLK-1");
            assertThat(b.ref().url()).isEqualTo(jira.baseUrl() + "/browse/FLK-1");
        });
        try (Database d = Database.open(db)) {
            assertThat(new BugStore(d).intents()).isEmpty();
        }
        Instant later = NOW.plusSeconds(24 * 3600);
        flakes(later);
        assertThat(sync(later).lines()).extracting(BugSync.Line::action).containsExactly("update");
        jira.verify(1, postRequestedFor(urlPathEqualTo("/rest/api/2/issue")));
        jira.verify(
                1,
                postRequestedFor(urlPathEqualTo("/rest/api/2/issue/10001/comment"))
                        .withRequestBody(containing("Still flaky"))
                        .withRequestBody(containing("h3. Occurrences")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_hand_filed_ticket_the_jql_finds_gets_the_comment(String store) throws Exception {
        setUp(store);
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", equalTo("project = FLK AND labels = flaky"))
                .willReturn(okJson("{\"startAt\":0,\"total\":1,\"issues\":["
                        + JiraTrackerTest.issue(
                                20077,
                                "FLK-77",
                                "indeterminate",
                                null,
                                null,
                                "Net#connects fails on CI",
                                "dev",
                                "flaky")
                        + "]}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/20077/comment"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        BugSync.Outcome o = sync(NOW);
        assertThat(o.lines()).extracting(BugSync.Line::action).containsExactly("update");
        assertThat(o.lines().get(0).note())
                .isEqualTo(
                        "commented on the hand-filed FLK-77 instead of filing a bug (it names the test by class.method)");
        jira.verify(0, postRequestedFor(urlPathEqualTo("/rest/api/2/issue")));
        jira.verify(
                1,
                postRequestedFor(urlPathEqualTo("/rest/api/2/issue/20077/comment"))
                        .withRequestBody(matching(".*tracks it here instead of filing.*")));
        assertThat(bugs()).singleElement().extracting(b -> b.ref().id()).isEqualTo("jira:FLK-77");
    }

    /** A real {@code bugs sync} process with the given environment (and no other Jira credentials). */
    String cliProcess(Map<String, String> env, Instant at) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "bugs",
                "sync",
                "--db",
                db,
                "--config",
                dir.resolve("flakelens.yaml").toString(),
                "--now",
                at.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JIRA_") || k.equals("FLAKELENS_CONFIG"));
        pb.environment().putAll(env);
        Path log = dir.resolve("cli-" + System.nanoTime() + ".txt");
        Process p = pb.redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void credentials_come_from_the_environment_as_bearer_or_basic(String store) throws Exception {
        setUp(store);
        String dry = cliProcess(Map.of(), NOW);
        assertThat(dry).contains("no JIRA_TOKEN (or JIRA_USER and JIRA_API_TOKEN) in the environment: dry run");
        assertThat(jira.getAllServeEvents()).isEmpty();

        cliProcess(Map.of("JIRA_USER", "me@acme.dev", "JIRA_API_TOKEN", "api-tok"), NOW);
        String basic = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString("me@acme.dev:api-tok".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        jira.verify(
                1, postRequestedFor(urlPathEqualTo("/rest/api/2/issue")).withHeader("Authorization", equalTo(basic)));

        // a day later, with a bearer token: the filed bug gets its comment
        Instant later = NOW.plusSeconds(24 * 3600);
        flakes(later);
        cliProcess(Map.of("JIRA_TOKEN", "pat-tok", "JIRA_USER", "ignored"), later);
        jira.verify(
                1,
                postRequestedFor(urlPathEqualTo("/rest/api/2/issue/10001/comment"))
                        .withHeader("Authorization", equalTo("Bearer pat-tok")));
        jira.verify(1, postRequestedFor(urlPathEqualTo("/rest/api/2/issue")));
    }
}
