package io.flakelens.core.testgrid;

import static io.flakelens.core.testgrid.Fixtures.caseOf;
import static io.flakelens.core.testgrid.Fixtures.json;
import static io.flakelens.core.testgrid.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassicTableTest {
    private static final String UP = "deploy.Up";
    private static final String ADDS = "com.acme.widgets.CartTest.addsItem";
    private static final String REMOVES = "com.acme.widgets.CartTest.removesItem";

    /**
     * The layout of a real 99-column table: the newest cell has no result, so it has no message,
     * and the first failure (column 3) finds its message at index 2, the second (column 41) at 40.
     */
    @Test
    void messagesAreCountedByResultCellsNotByColumns() throws Exception {
        Grid g = table(json("table_no_result.json"));
        assertThat(g.columnCount()).isEqualTo(99);
        assertThat(g.job()).isEqualTo("ci-widgets-e2e-cloud");

        assertThat(caseOf(g, 0, UP)).as("no result, no case").isNull();
        assertThat(caseOf(g, 1, UP).finalOutcome()).isEqualTo(Outcome.PASS);
        TestCase first = caseOf(g, 3, UP);
        assertThat(first.finalOutcome()).isEqualTo(Outcome.FAIL);
        assertThat(first.attempts().get(0).failure().message())
                .isEqualTo("cluster bring-up failed in column 3: exit status 2");
        assertThat(caseOf(g, 41, UP).attempts().get(0).failure().message())
                .isEqualTo("cluster bring-up failed in column 41: exit status 1");
        TestCase unknown = caseOf(g, 98, UP);
        assertThat(unknown.finalOutcome()).as("UNKNOWN is no verdict").isEqualTo(Outcome.SKIP);
        assertThat(unknown.attempts().get(0).failure().type()).isEqualTo("UNKNOWN");
        assertThat(unknown.attempts().get(0).failure().message()).isEqualTo("grid too large to store this column");
    }

    @Test
    void eachColumnIsARunOfTheQuerysJobWithItsBuildTimeAndCommit() throws Exception {
        Grid g = table(json("table_small.json"));
        List<Grid.ColumnRun> runs = g.columnRuns();
        assertThat(runs).hasSize(5);
        Run newest = runs.get(0).run();
        assertThat(newest.source()).isEqualTo("testgrid");
        assertThat(newest.job()).isEqualTo("ci-widgets-unit");
        assertThat(newest.externalId()).isEqualTo("ci-widgets-unit/1005");
        assertThat(newest.builder()).isNull();
        assertThat(newest.startedAt()).isEqualTo(Instant.ofEpochMilli(1767225600000L));
        assertThat(newest.revision()).as("the Commit header").isEqualTo("c5c5c5c");
        assertThat(newest.extra()).containsEntry("testgrid_group", "ci-widgets-unit");
        assertThat(runs.get(1).run().revision()).isEqualTo("b4b4b4b");
        assertThat(runs.get(2).run().revision()).isEqualTo("b4b4b4b");
        assertThat(runs.get(4).run().revision())
                .as("a blank commit is an unknown revision")
                .isNull();
    }

    @Test
    void overallIsTheRunsStatusNotATest() throws Exception {
        Grid g = table(json("table_small.json"));
        List<Grid.ColumnRun> runs = g.columnRuns();
        assertThat(runs.get(1).run().status()).isEqualTo("fail");
        assertThat(runs.get(2).run().status()).isEqualTo("pass");
        assertThat(runs.get(3).run().status()).isEqualTo("cancel");
        for (Grid.ColumnRun r : runs) {
            assertThat(r.cases()).noneMatch(tc -> tc.id().name().equals("Overall"));
        }
    }

    @Test
    void aColumnWithATestStillRunningIsLeftForALaterRead() throws Exception {
        List<Grid.ColumnRun> runs = table(json("table_small.json")).columnRuns();
        assertThat(runs.get(0).running()).isTrue();
        assertThat(runs.subList(1, 5)).noneMatch(Grid.ColumnRun::running);
    }

    @Test
    void flakyIsAFailureThenAPassInOneRunAndFailuresKeepTheirKind() throws Exception {
        Grid g = table(json("table_small.json"));
        TestCase flaky = caseOf(g, 3, ADDS);
        assertThat(flaky.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.FAIL, Outcome.PASS);
        assertThat(flaky.attempts().get(0).failure().message()).isEqualTo("first attempt: connection reset");
        assertThat(flaky.flaky()).isTrue();

        TestCase fail = caseOf(g, 1, ADDS);
        assertThat(fail.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.FAIL);
        assertThat(fail.attempts().get(0).failure().message()).isEqualTo("expected 3 items but was 2");
        assertThat(fail.attempts().get(0).failure().type()).isNull();

        TestCase timedOut = caseOf(g, 2, REMOVES);
        assertThat(timedOut.finalOutcome()).isEqualTo(Outcome.FAIL);
        assertThat(timedOut.attempts().get(0).failure().type()).isEqualTo("TIMED_OUT");
        assertThat(timedOut.attempts().get(0).failure().message()).isEqualTo("timed out after 300s");

        assertThat(caseOf(g, 3, REMOVES).finalOutcome()).as("CANCEL").isEqualTo(Outcome.SKIP);
        assertThat(caseOf(g, 4, REMOVES).finalOutcome()).as("PASS_WITH_SKIPS").isEqualTo(Outcome.PASS);
        assertThat(caseOf(g, 1, REMOVES)).as("NO_RESULT").isNull();
    }

    @ParameterizedTest(name = "code {0}")
    @CsvSource({
        "0, ''", "1, P", "2, P", "3, P", "4, ''", "5, S", "6, S", "7, S", "8, S", "9, F", "10, F", "11, F", "12, F",
        "13, FP", "14, F", "15, P"
    })
    void everyStatusCodeMapsToItsAttempts(int code, String attempts) throws Exception {
        ObjectNode t = oneCell(code);
        TestCase tc = caseOf(table(t), 0, "t");
        String got = tc == null
                ? ""
                : tc.attempts().stream().map(a -> a.outcome().codeString()).reduce("", String::concat);
        assertThat(got).isEqualTo(attempts);
    }

    @Test
    void anUnknownStatusCodeRefusesTheTabNamingTheTest() {
        ObjectNode t = oneCell(16);
        assertThatThrownBy(() -> table(t))
                .isInstanceOf(TestGridException.class)
                .hasMessageContaining("widgets/unit")
                .hasMessageContaining("test \"t\"")
                .hasMessageContaining("unknown status code 16");
    }

    @Test
    void runLengthsThatDoNotCoverTheColumnsAreRefused() {
        ObjectNode few = json("table_small.json");
        ((ObjectNode) few.withArray("tests").get(1).withArray("statuses").get(0)).put("count", 0);
        assertThatThrownBy(() -> table(few))
                .hasMessageContaining("test \"com.acme.widgets.CartTest.addsItem\"")
                .hasMessageContaining("\"statuses\" cover 4 columns, the table has 5");

        ObjectNode many = json("table_small.json");
        ((ObjectNode) many.withArray("tests").get(2).withArray("statuses").get(0)).put("count", 2_000_000_000L);
        assertThatThrownBy(() -> table(many)).hasMessageContaining("cover more than the 5 columns");

        ObjectNode negative = json("table_small.json");
        ((ObjectNode) negative.withArray("tests").get(2).withArray("statuses").get(0)).put("count", -1);
        assertThatThrownBy(() -> table(negative)).hasMessageContaining(".count is negative");
    }

    @Test
    void wrongTypesAndMisalignedColumnsAreNamedByField() {
        ObjectNode ts = json("table_small.json");
        ((ArrayNode) ts.withArray("timestamps")).remove(0);
        assertThatThrownBy(() -> table(ts)).hasMessageContaining("\"timestamps\" has 4 entries, \"changelists\" 5");

        ObjectNode text = json("table_small.json");
        ((ArrayNode) text.withArray("timestamps")).set(2, "yesterday");
        assertThatThrownBy(() -> table(text))
                .hasMessageContaining("\"timestamps\"[2] is a string, expected a whole number");

        ObjectNode tests = json("table_small.json");
        tests.put("tests", "none");
        assertThatThrownBy(() -> table(tests)).hasMessageContaining("\"tests\" is a string, expected an array");

        ObjectNode messages = json("table_small.json");
        ((ArrayNode) messages.withArray("tests").get(2).withArray("messages")).add("one too many");
        assertThatThrownBy(() -> table(messages))
                .hasMessageContaining("\"messages\" has 4 entries for 3 result cells in 5 columns");

        ObjectNode custom = json("table_small.json");
        ((ArrayNode) custom.withArray("custom-columns")).remove(4);
        assertThatThrownBy(() -> table(custom)).hasMessageContaining("\"custom-columns\" has 4 entries for 5 columns");

        ObjectNode nul = json("table_small.json");
        ((ObjectNode) nul.withArray("tests").get(1)).put("name", "a\u0000b");
        assertThatThrownBy(() -> table(nul)).hasMessageContaining("NUL");
    }

    @Test
    void olderTablesWithAMessagePerColumnAreReadByColumn() throws Exception {
        ObjectNode t = json("table_small.json");
        ArrayNode m = (ArrayNode) t.withArray("tests").get(2).withArray("messages");
        m.removeAll();
        for (String s : new String[] {"", "", "timed out after 300s", "cancelled", ""}) {
            m.add(s);
        }
        Grid g = table(t);
        assertThat(caseOf(g, 2, REMOVES).attempts().get(0).failure().message()).isEqualTo("timed out after 300s");
        assertThat(caseOf(g, 3, REMOVES).attempts().get(0).failure().message()).isEqualTo("cancelled");
    }

    @Test
    void theJobIsTheQuerysLastSegmentElseTheTestGroup() throws Exception {
        ObjectNode t = json("table_small.json");
        t.put("query", "gs://widgets-ci-logs/logs/ci-widgets-unit-x/");
        assertThat(table(t).job()).isEqualTo("ci-widgets-unit-x");
        t.remove("query");
        assertThat(table(t).job()).isEqualTo("ci-widgets-unit");
        t.remove("test-group-name");
        assertThatThrownBy(() -> table(t)).hasMessageContaining("names the job");
    }

    @Test
    void onlyHeadersNamedForTheRevisionGiveIt() {
        assertThat(ClassicTable.revisionHeader("Commit")).isTrue();
        assertThat(ClassicTable.revisionHeader("repo-commit")).isTrue();
        assertThat(ClassicTable.revisionHeader("Revision")).isTrue();
        assertThat(ClassicTable.revisionHeader("infra-commit")).isFalse();
        assertThat(ClassicTable.revisionHeader("node_os_image")).isFalse();
    }

    /**
     * A column's digest is its identity: the same on every read, whatever columns were added since,
     * and distinct for two columns of one build.
     */
    @Test
    void digestsStayTheSameWhenNewerColumnsArrive() throws Exception {
        ObjectNode t = json("table_small.json");
        List<String> before =
                table(t).columnRuns().stream().map(Grid.ColumnRun::digest).toList();
        ObjectNode later = json("table_small.json");
        ((ArrayNode) later.withArray("changelists")).insert(0, "1006");
        ((ArrayNode) later.withArray("timestamps")).insert(0, 1767229200000L);
        ((ArrayNode) later.withArray("custom-columns"))
                .insert(0, later.arrayNode().add("d6").add("i1"));
        for (var test : later.withArray("tests")) {
            ArrayNode s = (ArrayNode) test.withArray("statuses");
            s.insert(0, later.objectNode().put("count", 1).put("value", 0));
        }
        List<String> after =
                table(later).columnRuns().stream().map(Grid.ColumnRun::digest).toList();
        assertThat(after.subList(1, 6)).isEqualTo(before);

        ObjectNode twice = json("table_small.json");
        ((ArrayNode) twice.withArray("changelists")).set(1, "1003");
        List<Grid.ColumnRun> runs = table(twice).columnRuns();
        assertThat(runs.get(1).run().key()).isEqualTo(runs.get(2).run().key());
        assertThat(runs.get(1).digest()).isNotEqualTo(runs.get(2).digest());
    }

    private static ObjectNode oneCell(int code) {
        ObjectNode t = Fixtures.JSON.createObjectNode();
        t.put("query", "logs/job");
        t.putArray("changelists").add("1");
        t.putArray("timestamps").add(1000L);
        ObjectNode test = t.putArray("tests").addObject();
        test.put("name", "t");
        test.putArray("statuses").addObject().put("count", 1).put("value", code);
        if (code != 0) {
            test.putArray("messages").add("m");
        }
        return t;
    }
}
