package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import org.junit.jupiter.api.Test;

class TapParserTest {
    private final TapParser parser = new TapParser();

    private static Outcome outcome(Parsed p, String suite, String name) {
        return p.named(suite, name).finalOutcome();
    }

    @Test
    void testPointsInEveryCommonSpelling() throws Exception {
        Parsed p = Parsed.parse(parser, """
                TAP version 13
                1..8
                # a comment
                ok 1 - described
                ok 2-glued
                ok 3 no dash
                ok - no number
                ok-no number glued
                not ok 6 - failed
                ok
                not ok
                """);
        assertThat(p.ids())
                .containsExactly(
                        "described", "glued", "no dash", "no number", "no number glued", "failed", "test 7", "test 8");
        assertThat(p.cases().stream().map(TestCase::finalOutcome))
                .containsExactly(
                        Outcome.PASS,
                        Outcome.PASS,
                        Outcome.PASS,
                        Outcome.PASS,
                        Outcome.PASS,
                        Outcome.FAIL,
                        Outcome.PASS,
                        Outcome.FAIL);
    }

    @Test
    void skipAndTodoDirectives() throws Exception {
        Parsed p = Parsed.parse(parser, """
                1..5
                ok 1 - no sys # SKIP no /sys directory
                ok 2 # skipped on windows
                not ok 3 - loop # TODO halting problem
                ok 4 - early # TODO not expected to pass yet
                not ok 5 - issue \\# 12 fails
                """);
        assertThat(outcome(p, "", "no sys")).isEqualTo(Outcome.SKIP);
        assertThat(p.named("", "no sys").attempts().get(0).failure().message()).isEqualTo("no /sys directory");
        assertThat(outcome(p, "", "test 2")).isEqualTo(Outcome.SKIP);
        // A failing TODO is expected to fail: not a failure.
        assertThat(outcome(p, "", "loop")).isEqualTo(Outcome.SKIP);
        assertThat(p.named("", "loop").attempts().get(0).failure().message()).isEqualTo("halting problem");
        assertThat(outcome(p, "", "early")).isEqualTo(Outcome.PASS);
        assertThat(outcome(p, "", "issue # 12 fails")).isEqualTo(Outcome.FAIL);
    }

    @Test
    void aYamlBlockIsTheFailureDetailAndItsMessageTheMessage() throws Exception {
        Parsed p = Parsed.parse(parser, """
                TAP version 13
                not ok 1 - pinged saphire
                  ---
                  message: 'hostname "saphire" unknown'
                  severity: fail
                  ...
                not ok 2 - equal numbers
                  ---
                  found: 42
                  wanted: 43
                  ...
                ok 3 - fine
                  ---
                  duration_ms: 12
                  ...
                1..3
                """);
        Failure saphire = p.named("", "pinged saphire").attempts().get(0).failure();
        assertThat(saphire.message()).isEqualTo("hostname \"saphire\" unknown");
        assertThat(saphire.detail()).isEqualTo("message: 'hostname \"saphire\" unknown'\nseverity: fail");
        Failure equal = p.named("", "equal numbers").attempts().get(0).failure();
        // No message in the block: assertion libraries put it in the description.
        assertThat(equal.message()).isEqualTo("equal numbers");
        assertThat(equal.detail()).isEqualTo("found: 42\nwanted: 43");
        assertThat(p.named("", "fine").attempts().get(0).failure()).isNull();
    }

    @Test
    void yamlBlockScalarsAndQuotedMessages() {
        assertThat(TapParser.yamlMessage("message: |\n  line one\n  line two\nat: x"))
                .isEqualTo("line one\nline two");
        assertThat(TapParser.yamlMessage("message: \"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
        assertThat(TapParser.yamlMessage("message: 'it''s'")).isEqualTo("it's");
        assertThat(TapParser.yamlMessage("  message: nested, not top level")).isNull();
    }

    @Test
    void bailOutIsAnErrorAndEndsTheStream() throws Exception {
        Parsed p = Parsed.parse(parser, """
                TAP version 13
                1..573
                not ok 1 - database handle
                Bail out! Couldn't connect to database.
                ok 2 - never read
                """);
        assertThat(p.ids()).containsExactly("database handle", TapParser.BAIL_CASE);
        assertThat(p.cases().get(1).attempts().get(0).outcome()).isEqualTo(Outcome.ERROR);
        assertThat(p.cases().get(1).attempts().get(0).failure().message()).isEqualTo("Couldn't connect to database.");
    }

    @Test
    void aPlanThatPromisedMoreThanRanIsAnErrorCase() throws Exception {
        Parsed p = Parsed.parse(parser, "1..4\nok 1 - a\nok 2 - b\n");
        TestCase plan = p.named("", TapParser.PLAN_CASE);
        assertThat(plan.finalOutcome()).isEqualTo(Outcome.ERROR);
        assertThat(plan.attempts().get(0).failure().message()).isEqualTo("planned 4 tests but 2 ran");
        assertThat(Parsed.parse(parser, "1..0 # skip because no translator\n").cases())
                .isEmpty();
        // A plan at the end, or more points than planned, is fine.
        assertThat(Parsed.parse(parser, "ok 1\nok 2\nok 3\n1..2\n").ids()).doesNotContain(TapParser.PLAN_CASE);
    }

    @Test
    void repeatedDescriptionsAreDifferentAssertionsNotRetries() throws Exception {
        Parsed p = Parsed.parse(parser, """
                ok 1 - should be equal
                not ok 2 - should be equal
                ok 3 - should be equal
                """);
        assertThat(p.ids()).containsExactly("should be equal", "should be equal [2]", "should be equal [3]");
    }

    @Test
    void subtestsNamedByACommentAtTheParentLevel() throws Exception {
        // node-tap style, with its timing comment on the closing point
        Parsed p = Parsed.parse(parser, """
                TAP version 13
                # Subtest: cart totals
                    1..2
                    ok 1 - empty cart
                    not ok 2 - two items
                      ---
                      found: 1
                      ...
                not ok 1 - cart totals # time=12.5ms
                # Subtest: checkout
                    ok 1 - pays
                    1..1
                ok 2 - checkout # time=3ms
                1..2
                """);
        assertThat(p.ids())
                .containsExactly(
                        "cart totals::empty cart",
                        "cart totals::two items",
                        "cart totals",
                        "checkout::pays",
                        "checkout");
        assertThat(p.named("cart totals", "two items")
                        .attempts()
                        .get(0)
                        .failure()
                        .detail())
                .isEqualTo("found: 1");
        assertThat(outcome(p, "", "cart totals")).isEqualTo(Outcome.FAIL);
    }

    @Test
    void subtestsNamedByAnIndentedCommentOrByTheirClosingPoint() throws Exception {
        Parsed p = Parsed.parse(parser, """
                TAP version 14
                1..2
                    # Subtest: first.tap
                    1..1
                    ok 1 - inner one
                ok 1 - first.tap
                    1..1
                    ok 1 - inner two
                ok 2 - second.tap
                """);
        assertThat(p.ids()).containsExactly("first.tap::inner one", "first.tap", "second.tap::inner two", "second.tap");
    }

    @Test
    void nestedSubtestsJoinTheirNames() throws Exception {
        Parsed p = Parsed.parse(parser, """
                # Subtest: outer
                    # Subtest: inner
                        ok 1 - deep
                        1..1
                    ok 1 - inner
                    1..1
                ok 1 - outer
                1..1
                """);
        assertThat(p.ids()).containsExactly("outer > inner::deep", "outer::inner", "outer");
    }

    @Test
    void aSubtestThatPromisedMoreThanRanReportsItInItsSuite() throws Exception {
        Parsed p = Parsed.parse(parser, """
                # Subtest: crashed
                    1..3
                    ok 1 - one
                not ok 1 - crashed
                """);
        assertThat(p.ids()).containsExactly("crashed::one", "crashed::" + TapParser.PLAN_CASE, "crashed");
    }

    @Test
    void linesThatAreNotTapAreIgnored() throws Exception {
        Parsed p = Parsed.parse(parser, """
                > my-lib@1.0.0 test
                > tape test/*.js

                TAP version 13
                console output: okay then
                ok 1 - works
                Error: something printed by the program
                1..1
                """);
        assertThat(p.ids()).containsExactly("works");
    }
}
