package io.flakelens.app.bugs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.flakelens.app.Main;
import io.flakelens.app.cli.FlakelensCommand;
import io.flakelens.core.bugs.FlakeGroup;
import io.flakelens.store.Database;
import io.flakelens.store.History;
import io.flakelens.store.TestStores;
import io.flakelens.store.bugs.BugStore;
import io.flakelens.store.bugs.StoredBug;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bugs sync} end to end: the real command over a real store, filing into a WireMock stub of
 * GitHub. Two flakes of one suite that failed in the same post-submit runs share a bug; a
 * presubmit flake that falsely rejected three changes scores 300 and is filed first.
 */
class BugsSyncCommandTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final String NET = FlakeGroup.marker("com.acme.Net::connects");
    static final String LOGIN = FlakeGroup.marker("com.acme.Login::signs");

    @TempDir
    Path dir;

    WireMockServer gh;
    String db;
    Path cfg;

    static List<String> stores() {
        return TestStores.names();
    }

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FlakelensCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Run sync(Instant at, String... more) {
        String[] base = {
            "bugs", "sync", "--db", db, "--config", cfg.toString(), "--now", at.toString(), "--format", "json"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        Run r = cli(all);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @BeforeEach
    void github() {
        gh = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        gh.start();
        gh.stubFor(get(urlPathEqualTo("/search/issues")).willReturn(okJson("{\"total_count\":0,\"items\":[]}")));
        // no hand-filed flake tickets unless a test says otherwise
        gh.stubFor(
                get(urlPathEqualTo("/repos/acme/widgets/issues")).atPriority(10).willReturn(okJson("[]")));
        gh.stubFor(get(urlPathMatching("/repos/acme/widgets/labels/.*")).willReturn(okJson("{}")));
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withRequestBody(containing(NET))
                .willReturn(aResponse().withStatus(201).withBody(issue(1, "open", ""))));
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withRequestBody(containing(LOGIN))
                .willReturn(aResponse().withStatus(201).withBody(issue(2, "open", ""))));
        gh.stubFor(post(urlPathMatching("/repos/acme/widgets/issues/\\d+/comments"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/1")).willReturn(okJson(issue(1, "open", ""))));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/2")).willReturn(okJson(issue(2, "open", ""))));
    }

    @AfterEach
    void stop() {
        gh.stop();
    }

    static String issue(long n, String state, String body) {
        return "{\"number\":" + n + ",\"html_url\":\"https://github.com/acme/widgets/issues/" + n + "\",\"state\":\""
                + state + "\",\"body\":\"" + body + "\"}";
    }

    void setUp(String store, boolean withLogin, String extraConfig) throws Exception {
        db = TestStores.fresh(store, dir);
        try (Database d = Database.open(db)) {
            History h = new History(d);
            for (int i = 1; i <= 3; i++) {
                h.post("ci", "linux", "r" + i, NOW.minusSeconds(3600L * (4 - i)))
                        .test("com.acme.Net", "connects", "FP", "net/src/test/java/com/acme/Net.java")
                        .test("com.acme.Net", "resolves", "FP")
                        .passing(10);
                if (withLogin) {
                    Instant t = NOW.minusSeconds(4 * 3600 + 600L * i);
                    h.pre("cq", "linux", "c" + i, "1", "e" + i, 1, t)
                            .test("com.acme.Login", "signs", "F")
                            .passing(10);
                    h.pre("cq", "linux", "c" + i, "2", "e" + i, 1, t.plusSeconds(300))
                            .test("com.acme.Login", "signs", "P")
                            .passing(10);
                }
            }
            h.store();
        }
        cfg = Files.writeString(dir.resolve("flakelens.yaml"), """
                jobs:
                  ci: {owner: team-net}
                bugs:
                  tracker: github
                  repo: acme/widgets
                  api_url: %s
                  token: test-token
                  dashboard: https://flakes.acme.dev
                %s""".formatted(gh.baseUrl(), extraConfig));
    }

    /** Three more post-submit occurrences of the Net flakes, the latest an hour before {@code at}. */
    void netFlakesAgain(Instant at) {
        try (Database d = Database.open(db)) {
            History h = new History(d);
            for (int i = 1; i <= 3; i++) {
                h.post("ci", "linux", "again-" + at + "-" + i, at.minusSeconds(3600L * i))
                        .test("com.acme.Net", "connects", "FP")
                        .test("com.acme.Net", "resolves", "FP")
                        .passing(10);
            }
            h.store();
        }
    }

    List<StoredBug> bugs() {
        try (Database d = Database.open(db)) {
            return new BugStore(d).bugs("acme/widgets");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_dry_run_prints_what_would_be_filed_and_calls_nothing(String store) throws Exception {
        setUp(store, true, "");
        Run r = cli("bugs", "sync", "--db", db, "--config", cfg.toString(), "--now", NOW.toString(), "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()
                        .lines()
                        .skip(1)
                        .map(l -> l.split("\\s{2,}")[0] + " " + l.split("\\s{2,}")[1])
                        .toList())
                .containsExactly(
                        "would create com.acme.Login::signs",
                        "would create com.acme.Net::connects com.acme.Net::resolves");
        assertThat(gh.getAllServeEvents()).isEmpty();
        assertThat(bugs()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void first_pass_files_one_bug_per_group_highest_score_first_and_then_waits_24_hours(String store) throws Exception {
        setUp(store, true, "");
        JsonNode first = sync(NOW).json();
        assertThat(first.get("actions").findValuesAsText("action")).containsExactly("create", "create");
        assertThat(first.get("actions").get(0).get("score").asLong()).isEqualTo(300);
        List<LoggedRequest> creates = gh.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        assertThat(creates).hasSize(2);
        // GitHub receives them highest score first; the Net bug names both flakes and carries both markers
        assertThat(creates.get(0).getBodyAsString()).contains(LOGIN);
        String net = creates.get(1).getBodyAsString();
        assertThat(net)
                .contains(
                        NET,
                        FlakeGroup.marker("com.acme.Net::resolves"),
                        "team-net",
                        "Flaky tests: com.acme.Net::connects and 1 more of com.acme.Net",
                        "https://flakes.acme.dev/tests/",
                        "https://ci.example/",
                        "boom in connects",
                        "\"labels\":[\"flakelens\",\"flaky-test\"]");
        assertThat(bugs())
                .extracting(b -> b.ref().number() + " " + b.flakes())
                .containsExactlyInAnyOrder(
                        "2 [com.acme.Login::signs]", "1 [com.acme.Net::connects, com.acme.Net::resolves]");

        // an hour later: both flakes still qualify, both bugs were touched an hour ago
        JsonNode second = sync(NOW.plusSeconds(3600)).json();
        assertThat(second.get("actions").findValuesAsText("action")).containsExactly("skip", "skip");
        assertThat(second.get("actions").get(0).get("note").asText()).contains("next update from 2026-11-28T12:00:00Z");
        gh.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(0, postRequestedFor(urlPathMatching(".*/comments")));

        // a day later the Net flakes are back: their bug gets a comment, never a second bug
        Instant later = NOW.plusSeconds(24 * 3600);
        netFlakesAgain(later);
        JsonNode third = sync(later).json();
        assertThat(third.get("actions").findValuesAsText("action")).containsExactly("update");
        gh.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        List<LoggedRequest> comments =
                gh.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/1/comments")));
        assertThat(comments)
                .singleElement()
                .extracting(LoggedRequest::getBodyAsString)
                .asString()
                .contains("Still flaky", "Occurrences since 2026-11-27T12:00:00Z");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_closed_bug_whose_flake_comes_back_is_reopened(String store) throws Exception {
        setUp(store, false, "");
        sync(NOW);
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/1")).willReturn(okJson(issue(1, "closed", ""))));
        gh.stubFor(patch(urlPathEqualTo("/repos/acme/widgets/issues/1")).willReturn(okJson(issue(1, "open", ""))));
        Instant later = NOW.plusSeconds(30 * 3600);
        netFlakesAgain(later);
        JsonNode r = sync(later).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("reopen");
        gh.verify(1, patchRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/1")));
        assertThat(gh.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/1/comments")))
                        .get(0)
                        .getBodyAsString())
                .contains("reopened");
        assertThat(bugs()).singleElement().extracting(b -> b.ref().state()).isEqualTo("open");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void with_closed_bugs_new_a_returning_flake_gets_a_new_bug_that_links_the_old(String store) throws Exception {
        setUp(store, false, "  closed_bugs: new\n");
        sync(NOW);
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/1")).willReturn(okJson(issue(1, "closed", ""))));
        // the old bug carries the same marker: search finds it, and it must not be taken for the new one
        gh.stubFor(get(urlPathEqualTo("/search/issues"))
                .willReturn(okJson("{\"items\":[" + issue(1, "closed", NET) + "]}")));
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withRequestBody(containing(NET))
                .inScenario("refile")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withBody(issue(5, "open", ""))));
        Instant later = NOW.plusSeconds(3 * 3600);
        netFlakesAgain(later);
        JsonNode r = sync(later).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("refile");
        List<LoggedRequest> creates = gh.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        assertThat(creates).hasSize(2);
        assertThat(creates.get(1).getBodyAsString())
                .contains("Previously tracked in https://github.com/acme/widgets/issues/1");
        gh.verify(0, patchRequestedFor(anyUrl()));
        assertThat(bugs())
                .extracting(b -> b.ref().number() + " " + b.ref().state())
                .containsExactly("1 closed", "5 open");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_bug_the_tracker_already_has_is_found_by_its_marker_and_updated_not_duplicated(String store)
            throws Exception {
        setUp(store, false, "");
        gh.stubFor(get(urlPathEqualTo("/search/issues"))
                .willReturn(okJson("{\"items\":[" + issue(40, "open", "filed earlier " + NET) + "]}")));
        JsonNode r = sync(NOW).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("update");
        gh.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/40/comments")));
        assertThat(bugs()).singleElement().extracting(b -> b.ref().number()).isEqualTo(40L);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void the_budget_of_creates_and_updates_is_a_config_value(String store) throws Exception {
        setUp(store, true, "  max_actions: 1\n");
        JsonNode r = sync(NOW).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("create", "skip");
        assertThat(r.get("actions").get(1).get("note").asText())
                .startsWith("rate limit: 1 creates and updates per 24h");
        // 23h59m later the day's budget is still spent; at 24h the create happened out of the window
        Instant t = NOW.plusSeconds(24 * 3600 - 60);
        netFlakesAgain(t);
        assertThat(sync(t).json().get("actions").findValuesAsText("action")).containsExactly("skip");
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        Instant day = NOW.plusSeconds(24 * 3600);
        assertThat(sync(day).json().get("actions").findValuesAsText("action")).containsExactly("create");
        gh.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
    }

    /**
     * docs/design.md's promise: the process dies between GitHub's reply to the create and the store's
     * write (halted, no shutdown hooks); the next pass finds the bug by its marker, although the
     * search index does not show it yet, and files nothing more: one bug, not two.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void a_crash_between_the_trackers_reply_and_the_database_write_leaves_one_bug_not_two(String store)
            throws Exception {
        setUp(store, false, "");
        crashRightAfterTheCreate();
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        try (Database d = Database.open(db)) {
            assertThat(new BugStore(d).bugs(null))
                    .as("the store never heard of the bug")
                    .isEmpty();
            assertThat(new BugStore(d).intents()).containsOnlyKeys(NET);
        }

        // two days later the flake no longer qualifies; the interrupted create is recovered all the same
        JsonNode again = sync(NOW.plusSeconds(48 * 3600)).json();
        assertThat(again.get("actions").findValuesAsText("action")).containsExactly("create");
        assertThat(again.get("actions").get(0).get("note").asText())
                .contains("found by its marker after an interrupted create");
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(getRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        assertThat(bugs()).singleElement().satisfies(b -> {
            assertThat(b.ref().number()).isEqualTo(7L);
            assertThat(b.flakes()).containsExactly("com.acme.Net::connects", "com.acme.Net::resolves");
        });
        try (Database d = Database.open(db)) {
            assertThat(new BugStore(d).intents()).isEmpty();
        }
        // when the flake is back it is that bug that gets the update
        Instant back = NOW.plusSeconds(72 * 3600);
        netFlakesAgain(back);
        assertThat(sync(back).json().get("actions").findValuesAsText("action")).containsExactly("update");
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/7/comments")));
    }

    /** The same crash, and the next pass comes while the flake still qualifies: recovered, then left alone. */
    @ParameterizedTest
    @MethodSource("stores")
    void a_crash_recovered_while_the_flake_qualifies_does_not_touch_the_bug_again(String store) throws Exception {
        setUp(store, false, "");
        crashRightAfterTheCreate();

        JsonNode again = sync(NOW.plusSeconds(60)).json();
        assertThat(again.get("actions").findValuesAsText("action")).containsExactly("create", "skip");
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(0, postRequestedFor(urlPathMatching(".*/comments")));
        assertThat(bugs()).singleElement().extracting(b -> b.ref().number()).isEqualTo(7L);
    }

    /**
     * A real bugs sync process, halted (no shutdown hooks) right after GitHub answered its create
     * with issue 7, before the store heard of it; from then on the issue list shows issue 7 with its
     * marker, while search does not yet.
     */
    private void crashRightAfterTheCreate() throws Exception {
        gh.stubFor(post(urlPathEqualTo("/repos/acme/widgets/issues"))
                .inScenario("crash")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withBody(issue(7, "open", "")))
                .willSetStateTo("created"));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues"))
                .inScenario("crash")
                .whenScenarioStateIs("created")
                .willReturn(okJson("[" + issue(7, "open", "Filed by Flakelens " + NET) + "]")));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/7")).willReturn(okJson(issue(7, "open", ""))));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dflakelens.fault=after-create",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "bugs",
                        "sync",
                        "--db",
                        db,
                        "--config",
                        cfg.toString(),
                        "--now",
                        NOW.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("crash.txt").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("crash.txt"))).isEqualTo(137);
    }

    static String human(long n, String body, String closedAt) {
        return "{\"number\":" + n + ",\"html_url\":\"https://github.com/acme/widgets/issues/" + n
                + "\",\"title\":\"Net is flaky\",\"body\":\"" + body + "\",\"state\":\""
                + (closedAt == null ? "open" : "closed") + "\",\"closed_at\":"
                + (closedAt == null ? "null" : "\"" + closedAt + "\"") + ",\"state_reason\":"
                + (closedAt == null ? "null" : "\"completed\"") + ",\"labels\":[{\"name\":\"kind/flake\"}]}";
    }

    void handFiled(String state, String issue) {
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withQueryParam("labels", com.github.tomakehurst.wiremock.client.WireMock.equalTo("kind/flake"))
                .withQueryParam("state", com.github.tomakehurst.wiremock.client.WireMock.equalTo(state))
                .willReturn(okJson("[" + issue + "]")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_hand_filed_ticket_naming_the_test_gets_the_comment_instead_of_a_new_bug(String store) throws Exception {
        setUp(store, false, "");
        handFiled("open", human(33, "Net.connects times out now and then", null));
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues/33")).willReturn(okJson(issue(33, "open", ""))));
        JsonNode r = sync(NOW).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("update");
        assertThat(r.get("actions").get(0).get("note").asText())
                .isEqualTo(
                        "commented on the hand-filed #33 instead of filing a bug (it names the test by class.method)");
        gh.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        assertThat(gh.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/33/comments"))))
                .singleElement()
                .extracting(LoggedRequest::getBodyAsString)
                .asString()
                .contains("tracks them here instead of filing a bug", "com.acme.Net::resolves", "boom in connects");
        assertThat(bugs()).singleElement().satisfies(b -> {
            assertThat(b.ref().id()).isEqualTo("github:acme/widgets#33");
            assertThat(b.flakes()).containsExactly("com.acme.Net::connects", "com.acme.Net::resolves");
        });
        // within the day: nothing; a day later the flake is back: the ticket gets the update, under the same rule
        assertThat(sync(NOW.plusSeconds(3600)).json().get("actions").findValuesAsText("action"))
                .containsExactly("skip");
        Instant later = NOW.plusSeconds(24 * 3600);
        netFlakesAgain(later);
        assertThat(sync(later).json().get("actions").findValuesAsText("action")).containsExactly("update");
        gh.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/33/comments")));
        gh.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_ticket_naming_only_the_job_is_too_loose_and_the_flake_gets_its_own_bug(String store) throws Exception {
        setUp(store, false, "");
        handFiled("open", human(33, "the `ci` job flakes", null));
        JsonNode r = sync(NOW).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("create");
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/33/comments")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_fixed_ticket_whose_flake_came_back_is_reopened(String store) throws Exception {
        setUp(store, false, "");
        // fixed 90 minutes before now; the last occurrence was an hour before now
        handFiled(
                "closed",
                human(34, "com.acme.Net::connects", NOW.minusSeconds(5400).toString()));
        gh.stubFor(patch(urlPathEqualTo("/repos/acme/widgets/issues/34")).willReturn(okJson(issue(34, "open", ""))));
        JsonNode r = sync(NOW).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("reopen");
        assertThat(r.get("actions").get(0).get("note").asText())
                .contains("came back after #34 was fixed", "by exact-id");
        gh.verify(1, patchRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/34")));
        assertThat(gh.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/34/comments")))
                        .get(0)
                        .getBodyAsString())
                .contains("reopened");
        gh.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        assertThat(bugs())
                .singleElement()
                .extracting(b -> b.ref().number() + " " + b.ref().state())
                .isEqualTo("34 open");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_fixed_ticket_whose_flake_did_not_come_back_is_left_alone(String store) throws Exception {
        setUp(store, false, "");
        handFiled(
                "closed",
                human(34, "com.acme.Net::connects", NOW.minusSeconds(1800).toString()));
        JsonNode r = sync(NOW).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("skip");
        assertThat(r.get("actions").get(0).get("note").asText()).contains("#34 was fixed at", "not come back");
        gh.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(0, patchRequestedFor(anyUrl()));
        gh.verify(0, postRequestedFor(urlPathMatching(".*/comments")));
        assertThat(bugs()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void with_closed_bugs_new_a_fixed_ticket_whose_flake_came_back_is_linked_from_a_new_bug(String store)
            throws Exception {
        setUp(store, false, "  closed_bugs: new\n");
        handFiled(
                "closed",
                human(34, "com.acme.Net::connects", NOW.minusSeconds(5400).toString()));
        JsonNode r = sync(NOW).json();
        assertThat(r.get("actions").findValuesAsText("action")).containsExactly("refile");
        assertThat(gh.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")))
                        .get(0)
                        .getBodyAsString())
                .contains("Previously tracked in https://github.com/acme/widgets/issues/34");
        gh.verify(0, patchRequestedFor(anyUrl()));
        assertThat(bugs()).singleElement().extracting(b -> b.ref().number()).isEqualTo(1L);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void while_the_flake_tickets_cannot_be_read_no_new_bug_is_filed_but_known_bugs_are_updated(String store)
            throws Exception {
        setUp(store, true, "");
        sync(NOW);
        gh.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        // a new flake appears a day later, the Net flakes come back, and the ticket listing fails
        Instant later = NOW.plusSeconds(24 * 3600);
        netFlakesAgain(later);
        try (Database d = Database.open(db)) {
            History h = new History(d);
            for (int i = 1; i <= 3; i++) {
                h.post("ci", "linux", "disk-" + i, later.minusSeconds(1800L * i))
                        .test("com.acme.Disk", "fills", "FP")
                        .passing(10);
            }
            h.store();
        }
        gh.stubFor(get(urlPathEqualTo("/repos/acme/widgets/issues"))
                .withQueryParam("labels", com.github.tomakehurst.wiremock.client.WireMock.matching(".*"))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));
        Run r = cli(
                "bugs", "sync", "--db", db, "--config", cfg.toString(), "--now", later.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read the flake tickets at github:acme/widgets");
        JsonNode out = r.json();
        assertThat(out.get("actions").findValuesAsText("action")).containsExactlyInAnyOrder("skip", "update");
        gh.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues/1/comments")));
    }
}
