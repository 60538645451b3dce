package io.flakelens.app.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.flakelens.app.cli.TestGridTables.headers;
import static io.flakelens.app.cli.TestGridTables.rows;
import static io.flakelens.app.cli.TestGridTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.flakelens.app.cli.TestGridTables.Tab;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ingest --testgrid...} end to end: the real HTTP client reads TestGrid-shaped JSON from a
 * WireMock server (or from saved files), the store's ingest session keeps it, and detection finds
 * the flakes in it.
 */
class TestGridIngestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADDS = "com.acme.widgets.CartTest.addsItem";
    private static final String STABLE = "com.acme.widgets.CartTest.listsItems";
    private static final String UP = "deploy.Up";
    private static final String LOGIN = "e2e.Login";

    /** unit: addsItem fails at r2 in build 103 and passes at r2 in 102, and is FLAKY (13) in 101. */
    static final Tab UNIT = new Tab(
            "ci-widgets-unit",
            List.of("104", "103", "102", "101"),
            List.of("r3", "r2", "r2", "r1"),
            codes(Map.of(
                    "Overall", new int[] {1, 12, 1, 1}, ADDS, new int[] {1, 12, 1, 13}, STABLE, new int[] {1, 1, 1, 1
                    })));

    /** e2e has no commit: deploy.Up passes and fails on unknown code (no evidence); Login is FLAKY once. */
    static final Tab E2E = new Tab(
            "ci-widgets-e2e",
            List.of("204", "203", "202"),
            List.of("", "", ""),
            codes(Map.of("Overall", new int[] {12, 1, 12}, UP, new int[] {12, 1, 12}, LOGIN, new int[] {0, 13, 1})));

    @TempDir
    Path dir;

    WireMockServer tg;

    static List<String> stores() {
        return TestStores.names();
    }

    private static Map<String, int[]> codes(Map<String, int[]> m) {
        // Overall first, as TestGrid sends it
        Map<String, int[]> out = new LinkedHashMap<>();
        out.put("Overall", m.get("Overall"));
        m.forEach((k, v) -> out.putIfAbsent(k, v));
        return out;
    }

    @BeforeEach
    void start() {
        tg = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        tg.start();
    }

    @AfterEach
    void stop() {
        tg.stop();
    }

    private void serveTable(String tab, String body) {
        tg.stubFor(get(urlPathEqualTo("/widgets/table"))
                .withQueryParam("tab", equalTo(tab))
                .willReturn(okJson(body)));
    }

    private void serveSummary() {
        tg.stubFor(get(urlPathEqualTo("/widgets/summary"))
                .willReturn(okJson("{\"unit\":{\"overall_status\":\"FLAKY\",\"dashboard_name\":\"widgets\"},"
                        + "\"e2e\":{\"overall_status\":\"FAILING\"},\"lint\":{\"overall_status\":\"PASSING\"},"
                        + "\"broken\":{\"overall_status\":\"FLAKY\"}}")));
    }

    private static Map<String, JsonNode> files(JsonNode doc) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode f : doc.get("files")) {
            m.put(f.get("path").asText(), f);
        }
        return m;
    }

    private static List<String> rowsOf(String db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Database d = Database.open(db);
                Statement s = d.connection().createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static Map<String, JsonNode> flakes(String db) throws Exception {
        Cli f = Cli.run("flakes", "--db", db, "--since", "all", "--limit", "0", "--format", "json");
        assertThat(f.exit()).as(f.err()).isZero();
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode n : JSON.readTree(f.out())) {
            byName.put(n.get("name").asText(), n);
        }
        return byName;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDashboardsFlakyAndFailingTabsLandAndABrokenTabCostsOnlyItself(String store) throws Exception {
        serveSummary();
        serveTable("unit", table(UNIT));
        serveTable("e2e", table(E2E));
        serveTable("broken", table(UNIT).replace("\"value\":13", "\"value\":42"));
        String db = TestStores.fresh(store, dir);

        Cli r = Cli.run(
                "ingest",
                "--db",
                db,
                "--testgrid-url",
                tg.baseUrl(),
                "--testgrid-dashboard",
                "widgets",
                "--format",
                "json");

        assertThat(r.exit()).as("a rejected tab: exit 2").isEqualTo(2);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("runs").asLong()).isEqualTo(4 + 3);
        Map<String, JsonNode> files = files(doc);
        assertThat(files).containsOnlyKeys("widgets/unit", "widgets/e2e", "widgets/broken");
        assertThat(files.get("widgets/unit").get("status").asText()).isEqualTo("ingested");
        assertThat(files.get("widgets/unit").get("format").asText()).isEqualTo("testgrid-table");
        assertThat(files.get("widgets/e2e").get("status").asText()).isEqualTo("ingested");
        assertThat(files.get("widgets/broken").get("status").asText()).isEqualTo("rejected");
        assertThat(files.get("widgets/broken").get("error").asText())
                .startsWith("widgets/broken: test \"" + ADDS + "\": \"statuses\"[3]: unknown status code 42");
        assertThat(r.err()).contains("rejected widgets/broken").doesNotContain("Exception");
        tg.verify(0, getRequestedFor(urlPathEqualTo("/widgets/table")).withQueryParam("tab", equalTo("lint")));

        assertThat(rowsOf(
                        db,
                        "select external_id, job, builder, revision, status from run where source = 'testgrid'"
                                + " order by external_id"))
                .containsExactly(
                        "ci-widgets-e2e/202|ci-widgets-e2e|null|null|fail",
                        "ci-widgets-e2e/203|ci-widgets-e2e|null|null|pass",
                        "ci-widgets-e2e/204|ci-widgets-e2e|null|null|fail",
                        "ci-widgets-unit/101|ci-widgets-unit|null|r1|pass",
                        "ci-widgets-unit/102|ci-widgets-unit|null|r2|pass",
                        "ci-widgets-unit/103|ci-widgets-unit|null|r2|fail",
                        "ci-widgets-unit/104|ci-widgets-unit|null|r3|pass");
        assertThat(rowsOf(db, "select count(*) from test where name = 'Overall'"))
                .containsExactly("0");

        Map<String, JsonNode> flakes = flakes(db);
        assertThat(flakes).containsKeys(ADDS, LOGIN).doesNotContainKeys(UP, STABLE);
        assertThat(flakes.get(ADDS).get("kinds")).extracting(JsonNode::asText).contains("retry", "same-code");
        assertThat(flakes.get(LOGIN).get("kinds")).extracting(JsonNode::asText).containsExactly("retry");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void readingATableAgainStoresOnlyItsNewColumnsAndLeavesARunningOneForLater(String store) throws Exception {
        serveTable("unit", table(UNIT));
        String db = TestStores.fresh(store, dir);
        String[] args = {
            "ingest",
            "--db",
            db,
            "--testgrid-url",
            tg.baseUrl(),
            "--testgrid-dashboard",
            "widgets",
            "--testgrid-tab",
            "unit",
            "--format",
            "json"
        };
        assertThat(Cli.run(args).exit()).isZero();
        List<String> before = rowsOf(db, "select count(*) from result");

        Cli again = Cli.run(args);
        assertThat(again.exit()).isZero();
        JsonNode doc = JSON.readTree(again.out());
        assertThat(doc.get("runs").asLong()).isZero();
        assertThat(doc.get("results").asLong()).isZero();
        assertThat(files(doc).get("widgets/unit").get("status").asText()).isEqualTo("skipped");
        assertThat(rowsOf(db, "select count(*) from result")).isEqualTo(before);

        // Build 105 is still running: nothing of it yet.
        Tab running = UNIT.withNewColumn("105", "r4", Map.of("Overall", 4, ADDS, 4, STABLE, 1));
        serveTable("unit", table(running));
        Cli mid = Cli.run(args);
        assertThat(JSON.readTree(mid.out()).get("runs").asLong()).isZero();
        assertThat(rowsOf(db, "select count(*) from run")).containsExactly("4");

        Tab done = UNIT.withNewColumn("105", "r4", Map.of("Overall", 12, ADDS, 12, STABLE, 1));
        serveTable("unit", table(done));
        Cli later = Cli.run(
                "ingest",
                "--db",
                db,
                "--testgrid-url",
                tg.baseUrl(),
                "--testgrid-dashboard",
                "widgets",
                "--testgrid-tab",
                "unit");
        assertThat(later.exit()).isZero();
        assertThat(later.out()).contains("widgets/unit: 1 new columns stored, 4 stored before, 0 still running");
        assertThat(rowsOf(db, "select count(*) from run")).containsExactly("5");
        assertThat(rowsOf(
                        db,
                        "select r.attempt, r.outcome, f.message from result r join run u on u.id = r.run_id"
                                + " join test t on t.id = r.test_id left join failure f on f.run_id = r.run_id"
                                + " and f.test_id = r.test_id and f.attempt = r.attempt"
                                + " where u.external_id = 'ci-widgets-unit/105' and t.name = '" + ADDS + "'"))
                .containsExactly("1|F|" + ADDS + " failed in build 105");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theV1ApiIsReadThroughTabSummariesHeadersAndRows(String store) throws Exception {
        tg.stubFor(get(urlPathEqualTo("/api/v1/dashboards/widgets/tab-summaries"))
                .willReturn(okJson("{\"tab_summaries\":[{\"dashboard_name\":\"widgets\",\"tab_name\":\"unit\","
                        + "\"overall_status\":\"FLAKY\"},{\"tab_name\":\"lint\",\"overall_status\":\"PASSING\"}]}")));
        tg.stubFor(get(urlPathEqualTo("/api/v1/dashboards/widgets/tabs/unit/headers"))
                .willReturn(okJson(headers(UNIT))));
        tg.stubFor(
                get(urlPathEqualTo("/api/v1/dashboards/widgets/tabs/unit/rows")).willReturn(okJson(rows(UNIT))));
        String db = TestStores.fresh(store, dir);

        Cli r = Cli.run(
                "ingest",
                "--db",
                db,
                "--testgrid-url",
                tg.baseUrl(),
                "--testgrid-dashboard",
                "widgets",
                "--testgrid-api",
                "--testgrid-commit-extra",
                "1",
                "--format",
                "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(files(JSON.readTree(r.out()))
                        .get("widgets/unit")
                        .get("format")
                        .asText())
                .isEqualTo("testgrid-api");
        assertThat(rowsOf(db, "select external_id, revision from run order by external_id"))
                .containsExactly("unit/101|r1", "unit/102|r2", "unit/103|r2", "unit/104|r3");
        tg.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/dashboards/widgets/tabs/lint/headers")));
        assertThat(flakes(db).get(ADDS).get("kinds"))
                .extracting(JsonNode::asText)
                .contains("retry", "same-code");
    }

    @Test
    void savedFilesAreReadByTheirShapeAndAPairNamesItsTab() throws Exception {
        Path saved = Files.createDirectories(dir.resolve("saved"));
        Files.writeString(saved.resolve("unit-headers.json"), headers(UNIT));
        Files.writeString(saved.resolve("unit-rows.json"), rows(UNIT));
        Files.writeString(saved.resolve("e2e.json"), table(E2E));
        Files.writeString(saved.resolve("lonely-headers.json"), headers(E2E));
        Files.writeString(saved.resolve("junit.xml"), "<testsuite/>");
        String db = TestStores.fresh("duckdb", dir);

        Cli r = Cli.run(
                "ingest",
                "--db",
                db,
                "--format",
                "json",
                "--testgrid",
                saved.resolve("unit-rows.json").toString(),
                "--testgrid",
                saved.resolve("e2e.json").toString(),
                "--testgrid",
                saved.resolve("lonely-headers.json").toString(),
                "--testgrid",
                saved.resolve("junit.xml").toString());

        assertThat(r.exit()).isEqualTo(2);
        Map<String, JsonNode> files = files(JSON.readTree(r.out()));
        assertThat(files.get(saved.resolve("unit-rows.json").toString())
                        .get("status")
                        .asText())
                .isEqualTo("ingested");
        assertThat(files.get(saved.resolve("e2e.json").toString()).get("status").asText())
                .isEqualTo("ingested");
        assertThat(files.get(saved.resolve("lonely-headers.json").toString())
                        .get("error")
                        .asText())
                .contains("the v1 API's headers without their rows")
                .contains("lonely-rows.json");
        assertThat(files.get(saved.resolve("junit.xml").toString()).get("error").asText())
                .contains("malformed JSON at line 1, column 1");
        assertThat(rowsOf(db, "select distinct job from run order by job")).containsExactly("ci-widgets-e2e", "unit");

        Cli tracker = Cli.run("report", "tracker", "--db", db, "--testgrid-dashboards", "--since", "all");
        assertThat(tracker.exit()).isEqualTo(2);
        assertThat(tracker.err()).contains("no stored run was read from a TestGrid dashboard");
    }

    @Test
    void aTabPageUrlAndATableUrlAreReadAndUnreachableOnesAreRejected() throws Exception {
        serveTable("unit", table(UNIT));
        tg.stubFor(
                get(urlPathEqualTo("/widgets/summary")).willReturn(aResponse().withStatus(404)));
        String db = TestStores.fresh("duckdb", dir);

        Cli r = Cli.run(
                "ingest",
                "--db",
                db,
                "--format",
                "json",
                "--testgrid",
                tg.baseUrl() + "/widgets#unit",
                "--testgrid",
                tg.baseUrl() + "/widgets/table?tab=gone&dashboard=widgets",
                "--testgrid-url",
                tg.baseUrl(),
                "--testgrid-dashboard",
                "widgets");

        assertThat(r.exit()).isEqualTo(2);
        Map<String, JsonNode> files = files(JSON.readTree(r.out()));
        assertThat(files.get("widgets/unit").get("status").asText()).isEqualTo("ingested");
        assertThat(files.get(tg.baseUrl() + "/widgets/table?tab=gone&dashboard=widgets")
                        .get("error")
                        .asText())
                .contains("HTTP 404 from " + tg.baseUrl() + "/widgets/table?tab=gone");
        assertThat(files.get("widgets").get("error").asText())
                .startsWith("widgets: HTTP 404 from " + tg.baseUrl() + "/widgets/summary");
        assertThat(rowsOf(db, "select count(*) from run")).containsExactly("4");
    }

    @Test
    void anEmptyApiTabIsReadAsNoColumnsAndABadUrlIsRejected() throws Exception {
        tg.stubFor(get(urlPathEqualTo("/api/v1/dashboards/widgets/tabs/new/headers"))
                .willReturn(okJson("{}")));
        tg.stubFor(
                get(urlPathEqualTo("/api/v1/dashboards/widgets/tabs/new/rows")).willReturn(okJson("{}")));
        String db = TestStores.fresh("duckdb", dir);

        Cli r = Cli.run(
                "ingest",
                "--db",
                db,
                "--format",
                "json",
                "--testgrid",
                tg.baseUrl() + "/api/v1/dashboards/widgets/tabs/new/headers",
                "--testgrid",
                "https://testgrid.example/widgets/table?tab=a b");

        assertThat(r.exit()).isEqualTo(2);
        Map<String, JsonNode> files = files(JSON.readTree(r.out()));
        JsonNode empty = files.get(tg.baseUrl() + "/api/v1/dashboards/widgets/tabs/new/headers");
        assertThat(empty.get("status").asText()).isEqualTo("skipped");
        assertThat(empty.get("error").asText()).isEqualTo("no new column (0 already stored, 0 still running)");
        assertThat(files.get("https://testgrid.example/widgets/table?tab=a b")
                        .get("error")
                        .asText())
                .contains("not a URL");
    }

    @Test
    void optionsOutOfPlaceAreUsageErrors() {
        Cli noBase = Cli.run("ingest", "--db", dir.resolve("x.db").toString(), "--testgrid-dashboard", "widgets");
        assertThat(noBase.exit()).isEqualTo(2);
        assertThat(noBase.err()).contains("--testgrid-dashboard needs --testgrid-url");
        Cli tabAlone = Cli.run(
                "ingest", "--db", dir.resolve("x.db").toString(), "--testgrid", "a.json", "--testgrid-tab", "unit");
        assertThat(tabAlone.exit()).isEqualTo(2);
        assertThat(tabAlone.err()).contains("--testgrid-tab needs exactly one --testgrid-dashboard");
        Cli baseAlone = Cli.run("ingest", "--db", dir.resolve("x.db").toString(), "--testgrid-url", "http://tg");
        assertThat(baseAlone.exit()).isEqualTo(2);
        assertThat(baseAlone.err()).contains("--testgrid-url names a server: add --testgrid-dashboard NAME");
    }
}
