package io.flakelens.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison's rules on hand-worked rows, and the reader's refusals. */
class HistoricalComparisonTest {

    static String row(String backend, Object jobRuns, Object p95, Object p99) {
        return "{\"BackendName\":\"" + backend
                + "\",\"Release\":\"4.18\",\"FromRelease\":\"4.17\",\"Platform\":\"aws\","
                + "\"Architecture\":\"amd64\",\"Network\":\"ovn\",\"Topology\":\"ha\",\"JobRuns\":" + jobRuns
                + ",\"P50\":\"0.5\",\"P75\":1,\"P95\":" + p95 + ",\"P99\":" + p99 + "}";
    }

    static List<HistoricalRow> read(String... rows) {
        return HistoricalData.read(
                "x.json",
                ("[" + String.join(",", rows) + "]").getBytes(StandardCharsets.UTF_8),
                HistoricalKind.DISRUPTIONS);
    }

    @Test
    void keysJoinNameAndJobFieldsInTheOriginalsOrder() {
        HistoricalRow r = read(row("kube-api", 200, "\"1.5\"", 3)).get(0);
        assertThat(r.key()).isEqualTo("kube-api_4.17_4.18_amd64_aws_ovn_ha");
        assertThat(r.p95()).isEqualTo(1.5);
        assertThat(r.p99()).isEqualTo(3.0);
        assertThat(r.jobRuns()).isEqualTo(200);
    }

    /**
     * Leeway 30: 10 -> 13 is +30%, not beyond; 10 -> 13.5 is +35%, flagged; 10 -> 9 is a decrease,
     * counted whatever its size; 0 -> 1 rises from nothing, flagged.
     */
    @Test
    void increasesBeyondTheLeewayAndAllDecreasesNeedReview() {
        List<HistoricalRow> cur = read(
                row("a", 200, 5, 10),
                row("b", 200, 5, 10),
                row("c", 200, 5, 10),
                row("d", 200, 0, 0),
                row("e", 200, 5, 10));
        List<HistoricalRow> nxt = read(
                row("a", 200, 9, 13),
                row("b", 200, 5, 13.5),
                row("c", 200, 5, 9.9),
                row("d", 200, 0, 1),
                row("e", 200, 5, 10));
        HistoricalComparison c = HistoricalComparison.compare(cur, nxt, 30, 100);
        assertThat(c.increases()).extracting(HistoricalChange::name).containsExactly("b", "d");
        assertThat(c.increases().get(0).p99Change()).isCloseTo(35.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(c.increases().get(1).p99Change()).isNull();
        assertThat(c.decreases()).extracting(HistoricalChange::name).containsExactly("c");
        assertThat(c.compared()).hasSize(5);
        assertThat(c.needsReview()).isTrue();
        assertThat(HistoricalComparison.compare(cur, cur, 30, 100).needsReview())
                .isFalse();
    }

    @Test
    void rowsWithTooFewRunsStayOutOfTheSummaryAndKeepTheirCurrentValues() {
        List<HistoricalRow> cur = read(row("a", 200, 5, 10), row("gone", 300, 1, 1), row("gone-small", 3, 1, 1));
        List<HistoricalRow> nxt = read(row("a", 99, 50, 100), row("new", 100, 2, 2), row("new-small", 5, 2, 2));
        HistoricalComparison c = HistoricalComparison.compare(cur, nxt, 30, 100);
        assertThat(c.needsReview()).isFalse();
        assertThat(c.compared()).isEmpty();
        assertThat(c.added()).extracting(HistoricalChange::name).containsExactly("new");
        assertThat(c.removed()).extracting(HistoricalChange::name).containsExactly("gone");
        // a (99 runs) keeps its current row; new-small has no current row and comes as it is; gone is dropped
        assertThat(c.merged())
                .extracting(HistoricalRow::name)
                .containsExactly("a", "new-small", "new"); // by key: "-" sorts before "_"
        assertThat(c.merged().get(0).p99()).isEqualTo(10.0);
        assertThat(HistoricalData.write(c.merged())).contains("\"P50\" : \"0.5\"");
    }

    @Test
    void alertsKeyOnTheAlertName() {
        String alert =
                "[{\"AlertName\":\"KubePodNotReady\",\"AlertNamespace\":\"openshift-etcd\",\"AlertLevel\":\"warning\","
                        + "\"Release\":\"4.18\",\"FromRelease\":\"\",\"Platform\":\"gcp\",\"Architecture\":\"amd64\","
                        + "\"Network\":\"sdn\",\"Topology\":\"single\",\"JobRuns\":\"150\",\"P95\":\"0\",\"P99\":\"12.5\"}]";
        HistoricalRow r = HistoricalData.read("a.json", alert.getBytes(StandardCharsets.UTF_8), HistoricalKind.ALERTS)
                .get(0);
        assertThat(r.key()).isEqualTo("KubePodNotReady__4.18_amd64_gcp_sdn_single");
        assertThat(r.jobRuns()).isEqualTo(150);
    }

    @Test
    void badRowsAreRefusedWithTheirRowNamed() {
        assertThatThrownBy(() -> read(row("a", 200, 1, 1), row("b", 200, 1, -2)))
                .isInstanceOf(HistoricalDataException.class)
                .hasMessage("x.json: row 2 (b_4.17_4.18_amd64_aws_ovn_ha): P99 is negative: -2");
        assertThatThrownBy(() -> read(row("a", 200, "\"fast\"", 1)))
                .hasMessageContaining("row 1 (a_4.17_4.18_amd64_aws_ovn_ha): P95 is not a number of seconds: \"fast\"");
        assertThatThrownBy(() -> read("{\"BackendName\":\"a\",\"Release\":\"4.18\"}"))
                .hasMessage("x.json: row 1 (a): missing FromRelease");
        assertThatThrownBy(() -> read(row("a", "\"many\"", 1, 1)))
                .hasMessageContaining("JobRuns must be a whole number");
        assertThatThrownBy(() -> HistoricalData.read(
                        "y.json", "[{\"BackendName\": ".getBytes(StandardCharsets.UTF_8), HistoricalKind.DISRUPTIONS))
                .hasMessageStartingWith("y.json: not valid JSON");
        assertThatThrownBy(() -> HistoricalData.read(
                        "y.json", "{}".getBytes(StandardCharsets.UTF_8), HistoricalKind.DISRUPTIONS))
                .hasMessage("y.json: expected a JSON array of disruptions rows");
        assertThatThrownBy(() -> read(row("a", 200, 1, 1).replace("\"P50\":\"0.5\"", "\"P50\":\"-\"")))
                .hasMessageContaining("P50 is not a number of seconds");
    }

    @Test
    void twoRowsWithOneKeyWarnNamingBothAndTheOneWithMoreJobRunsIsUsed() {
        List<String> warnings = new java.util.ArrayList<>();
        String json = "["
                + String.join(
                        ",",
                        row("a", 200, 1, 1),
                        row("b", 50, 1, 1),
                        row("a", 100, 2, 2),
                        row("b", 300, 3, 3),
                        row("b", 300, 4, 4))
                + "]";
        List<HistoricalRow> rows = HistoricalData.read(
                "x.json", json.getBytes(StandardCharsets.UTF_8), HistoricalKind.DISRUPTIONS, warnings::add);
        // a keeps its first row (200 runs over 100), b its fourth (300 over 50), then the fifth (a tie: the later)
        assertThat(rows).extracting(HistoricalRow::index).containsExactly(1, 5);
        assertThat(rows).extracting(HistoricalRow::p99).containsExactly(1.0, 4.0);
        assertThat(warnings)
                .containsExactly(
                        "x.json: rows 1 and 3 have the same key a_4.17_4.18_amd64_aws_ovn_ha; using row 1 (200 job runs,"
                                + " the other has 100)",
                        "x.json: rows 2 and 4 have the same key b_4.17_4.18_amd64_aws_ovn_ha; using row 4 (300 job runs,"
                                + " the other has 50)",
                        "x.json: rows 4 and 5 have the same key b_4.17_4.18_amd64_aws_ovn_ha; using row 5 (300 job runs,"
                                + " the other has 300)");
    }

    @Test
    void aNullFieldIsWrittenBackAsNull() {
        // real microshift rows carry "MasterNodesUpdated": null; it is neither dropped nor made ""
        String r = row("a", 200, 1, 1).replace("{", "{\"MasterNodesUpdated\":null,");
        String out = HistoricalData.write(read(r));
        assertThat(out).contains("\"MasterNodesUpdated\" : null");
    }

    @Test
    void theMarkdownSummaryLeadsWithTheVerdict() {
        HistoricalComparison c =
                HistoricalComparison.compare(read(row("a", 200, 5, 10)), read(row("a", 200, 5, 20)), 30, 100);
        String md = HistoricalSummary.markdown(c, HistoricalKind.DISRUPTIONS);
        assertThat(md)
                .contains("**Needs review**: 1 P99 increase beyond the leeway of 30%")
                .contains("| a_4.17_4.18_amd64_aws_ovn_ha | 200 | 5s | 5s | +0.00% | 10s | 20s | +100.00% |");
    }
}
