package io.flakelens.app.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.flakelens.app.bugs.GitHubTracker;
import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.store.Database;
import io.flakelens.store.History;
import io.flakelens.store.TestStores;
import io.flakelens.store.bugs.BugStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The service's scheduled bug sync: it files, and on PostgreSQL only the instance holding the lock does. */
class BugSyncJobTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    WireMockServer gh;

    static List<String> stores() {
        return TestStores.names();
    }

    @BeforeEach
    void github() {
        gh = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        gh.start();
        gh.stubFor(get(urlPathEqualTo("/search/issues")).willReturn(okJson("{\"items\":[]}")));
        gh.stubFor(
                get(urlPathEqualTo("/repos/acme/widgets/issues")).atPriority(10).willReturn(okJson("[]")));
        gh.stubFor(get(urlPathMatching("/repos/acme/widgets/labels/.*")).willReturn(okJson("{}")));
        gh.stubFor(
                post(urlPathEqualTo("/repos/acme/widgets/issues"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody(
                                                "{\"number\":3,\"html_url\":\"https://github.com/acme/widgets/issues/3\",\"state\":\"open\"}")));
    }

    @AfterEach
    void stop() {
        gh.stop();
    }

    private FlakelensConfig setUp(String url) throws Exception {
        try (Database d = Database.open(url)) {
            History h = new History(d);
            for (int i = 1; i <= 3; i++) {
                h.post("ci", "linux", "r" + i, NOW.minusSeconds(3600L * i))
                        .test("com.acme.Net", "connects", "FP")
                        .passing(10);
            }
            h.store();
        }
        return FlakelensConfig.load(Files.writeString(dir.resolve("flakelens.yaml"), """
                bugs: {tracker: github, repo: acme/widgets, token: t, api_url: %s}
                """.formatted(gh.baseUrl())));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_pass_detects_and_files(String store) throws Exception {
        String url = TestStores.fresh(store, dir);
        FlakelensConfig cfg = setUp(url);
        try (StoreAccess access = new StoreAccess(Database.open(url));
                DetectionJob detection = new DetectionJob(access);
                BugSyncJob job = new BugSyncJob(
                        access,
                        detection,
                        cfg,
                        GitHubTracker.of(gh.baseUrl(), "acme/widgets", "t"),
                        Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(job.run()).isEqualTo(BugSyncJob.Result.RAN);
            assertThat(job.run()).isEqualTo(BugSyncJob.Result.RAN);
            List<io.flakelens.store.bugs.StoredBug> filed = access.with(db -> new BugStore(db).bugs(null));
            assertThat(filed).hasSize(1);
        }
        gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
    }

    @Test
    void on_postgresql_an_instance_skips_while_another_holds_the_bug_lock() throws Exception {
        String url = TestStores.freshPostgres(dir);
        FlakelensConfig cfg = setUp(url);
        try (StoreAccess access = new StoreAccess(Database.open(url));
                DetectionJob detection = new DetectionJob(access);
                BugSyncJob job = new BugSyncJob(
                        access,
                        detection,
                        cfg,
                        GitHubTracker.of(gh.baseUrl(), "acme/widgets", "t"),
                        Clock.fixed(NOW, ZoneOffset.UTC));
                Connection other = DriverManager.getConnection(url)) {
            assertThat(advisory(other, "pg_try_advisory_lock")).isTrue();
            assertThat(job.run()).isEqualTo(BugSyncJob.Result.LOCKED);
            gh.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
            assertThat(advisory(other, "pg_advisory_unlock")).isTrue();
            assertThat(job.run()).isEqualTo(BugSyncJob.Result.RAN);
            gh.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/widgets/issues")));
            // the pass let go of the lock
            assertThat(advisory(other, "pg_try_advisory_lock")).isTrue();
            assertThat(advisory(other, "pg_advisory_unlock")).isTrue();
        }
    }

    private static boolean advisory(Connection c, String function) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select " + function + "(?)")) {
            ps.setLong(1, BugSyncJob.LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
