package io.flakelens.core.testgrid;

import static io.flakelens.core.testgrid.Fixtures.caseOf;
import static io.flakelens.core.testgrid.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiGridTest {
    private static final TabRef REF = new TabRef("widgets/unit", "widgets", "unit");
    private static final String ADDS = "com.acme.widgets.CartTest.addsItem";

    private static Grid grid(ObjectNode headers, ObjectNode rows, int revision) throws TestGridException {
        return ApiGrid.read(REF, "unit", headers, rows, revision);
    }

    @Test
    void headersAreRunsAndCellsAreResultsOnePerColumn() throws Exception {
        Grid g = grid(json("api_headers.json"), json("api_rows.json"), 0);
        List<Grid.ColumnRun> runs = g.columnRuns();
        assertThat(runs).hasSize(3);
        Run newest = runs.get(0).run();
        assertThat(newest.externalId()).isEqualTo("unit/1005");
        assertThat(newest.job()).isEqualTo("unit");
        assertThat(newest.revision()).isEqualTo("c5c5c5c");
        assertThat(newest.startedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(newest.status()).isEqualTo("pass");
        assertThat(newest.extra())
                .containsEntry("testgrid_dashboard", "widgets")
                .containsEntry("testgrid_tab", "unit");
        assertThat(runs.get(2).run().startedAt())
                .as("Go's {seconds, nanos}")
                .isEqualTo(Instant.ofEpochSecond(1767218400L));
        assertThat(runs.get(2).run().extra()).containsEntry("testgrid_column", "rerun");

        assertThat(caseOf(g, 0, ADDS).attempts())
                .extracting(Attempt::outcome)
                .containsExactly(Outcome.FAIL, Outcome.PASS);
        assertThat(caseOf(g, 0, ADDS).attempts().get(0).failure().message()).isEqualTo("connection reset");
        assertThat(caseOf(g, 1, ADDS).attempts().get(0).failure().message()).isEqualTo("expected 3 items but was 2");
        assertThat(caseOf(g, 0, "com.acme.widgets.CartTest.removesItem"))
                .as("a cell without a result field is NO_RESULT")
                .isNull();
        assertThat(caseOf(g, 1, "com.acme.widgets.CartTest.removesItem")
                        .attempts()
                        .get(0)
                        .failure()
                        .type())
                .isEqualTo("TIMED_OUT");
    }

    @Test
    void withoutARevisionPositionTheRevisionIsUnknown() throws Exception {
        Grid g = grid(json("api_headers.json"), json("api_rows.json"), -1);
        assertThat(g.columnRuns()).allMatch(r -> r.run().revision() == null);
    }

    @Test
    void theSameColumnReadFromTheApiAndFromTheTableIsTheSameRun() throws Exception {
        Grid api = ApiGrid.read(REF, "ci-widgets-unit", json("api_headers.json"), json("api_rows.json"), 0);
        Grid table = ClassicTable.read(TabRef.of("t"), json("table_small.json"));
        assertThat(api.columnRuns().get(1).run().key())
                .isEqualTo(table.columnRuns().get(1).run().key());
        assertThat(api.columnRuns().get(1).digest())
                .isEqualTo(table.columnRuns().get(1).digest());

        ObjectNode named = json("api_headers.json");
        ((ObjectNode) named.withArray("headers").get(1)).put("name", "1004");
        Grid withName = ApiGrid.read(REF, "ci-widgets-unit", named, json("api_rows.json"), 0);
        assertThat(withName.columnRuns().get(1).digest())
                .as("a name that repeats the build adds nothing")
                .isEqualTo(table.columnRuns().get(1).digest());
        assertThat(api.columnRuns().get(2).digest()).isEqualTo("testgrid-column:1003/rerun");
    }

    @Test
    void cellsThatDoNotMatchTheHeadersAndUnknownResultsAreRefused() {
        ObjectNode rows = json("api_rows.json");
        ((ArrayNode) rows.withArray("rows").get(1).withArray("cells")).remove(2);
        assertThatThrownBy(() -> grid(json("api_headers.json"), rows, 0))
                .isInstanceOf(TestGridException.class)
                .hasMessageContaining("widgets/unit: test \"" + ADDS + "\": \"cells\" has 2 entries, the headers 3");

        ObjectNode unknown = json("api_rows.json");
        ((ObjectNode) unknown.withArray("rows").get(2).withArray("cells").get(0)).put("result", 99);
        assertThatThrownBy(() -> grid(json("api_headers.json"), unknown, 0))
                .hasMessageContaining("unknown result code 99");

        ObjectNode started = json("api_headers.json");
        ((ObjectNode) started.withArray("headers").get(0)).put("started", "last tuesday");
        assertThatThrownBy(() -> grid(started, json("api_rows.json"), 0))
                .hasMessageContaining("\"headers\"[0].started is not an RFC 3339 time");
    }

    @Test
    void shapesAreToldFromContent() throws Exception {
        assertThat(GridJson.shape(json("table_small.json"))).isEqualTo(GridJson.Shape.TABLE);
        assertThat(GridJson.shape(json("api_headers.json"))).isEqualTo(GridJson.Shape.HEADERS);
        assertThat(GridJson.shape(json("api_rows.json"))).isEqualTo(GridJson.Shape.ROWS);
        ObjectNode both = json("api_headers.json");
        both.set("rows", json("api_rows.json").get("rows"));
        assertThat(GridJson.shape(both)).isEqualTo(GridJson.Shape.HEADERS_AND_ROWS);
        assertThat(GridJson.shape(Fixtures.JSON.readTree("{\"a\":{\"overall_status\":\"FLAKY\"}}")))
                .isEqualTo(GridJson.Shape.SUMMARY);
        assertThat(GridJson.shape(Fixtures.JSON.readTree("{\"testsuite\":1}"))).isNull();
        assertThatThrownBy(() -> GridJson.read("f.json", new ByteArrayInputStream("{\n\"a\": [1,".getBytes())))
                .hasMessageStartingWith("f.json: malformed JSON at line 2");
    }

    @Test
    void dashboardSummariesInBothShapesGiveEachTabsState() throws Exception {
        List<TabState> classic = DashboardSummary.read(
                "d",
                Fixtures.JSON.readTree("{\"unit\":{\"overall_status\":\"FLAKY\",\"tests\":[]},"
                        + "\"e2e\":{\"overall_status\":\"failing\"},\"lint\":{\"overall_status\":\"PASSING\"}}"));
        assertThat(classic)
                .containsExactly(
                        new TabState("unit", "FLAKY"), new TabState("e2e", "FAILING"), new TabState("lint", "PASSING"));
        List<TabState> v1 = DashboardSummary.read(
                "d",
                Fixtures.JSON.readTree("{\"tab_summaries\":[{\"dashboard_name\":\"d\",\"tab_name\":\"unit\","
                        + "\"overall_status\":\"FLAKY\"},{\"tabName\":\"e2e\",\"overallStatus\":\"STALE\"}]}"));
        assertThat(v1).containsExactly(new TabState("unit", "FLAKY"), new TabState("e2e", "STALE"));
        assertThatThrownBy(() -> DashboardSummary.read("d", Fixtures.JSON.readTree("[1]")))
                .hasMessageContaining("not a dashboard summary");
    }
}
