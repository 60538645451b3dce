package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CockpitRecordParserTest {
    private final CockpitRecordParser parser = new CockpitRecordParser();

    private static final String LOG = "# ----------------------------------------------------------------------\\n"
            + "# testBasic (check_journal.TestJournal)\\n#\\n"
            + "Warning: Stopping systemd-journald.service\\n"
            + "Traceback (most recent call last):\\n"
            + "  File \\\"check-journal\\\", line 219, in testBasic\\n"
            + "    raise Failure(\\\"Timeout waiting for system to reboot properly\\\")\\n"
            + "Failure: Timeout waiting for system to reboot properly\\n"
            + "not ok 67 testBasic (check_journal.TestJournal) duration: 684s\\n";

    private static String record(String id, String status, String test) {
        return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"status\": \"" + status + "\", \"pull\": 7348, "
                + "\"log\": \"" + LOG + "\", " + (test == null ? "" : "\"test\": \"" + test + "\", ")
                + "\"context\": \"verify/ubuntu-stable\", \"date\": \"2017-07-20T22:49:27Z\", \"merged\": true, "
                + "\"revision\": \"876b7f05\", \"label\": \"weak\"}";
    }

    @Test
    void aRecordIsOneFailedAttemptWithItsOwnRun() throws Exception {
        Parsed p = Parsed.parse(parser, record("cockpit:000", "failure", "testBasic (check_journal.TestJournal)"));
        assertThat(p.only().id()).isEqualTo(new TestId("check_journal.TestJournal", "testBasic"));
        Attempt a = p.only().attempts().get(0);
        assertThat(a.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(a.failure().message()).isEqualTo("Failure: Timeout waiting for system to reboot properly");
        assertThat(a.failure().detail()).startsWith("# ------").contains("not ok 67 testBasic");
        Run run = p.runs().get(0);
        assertThat(run.source()).isEqualTo("cockpit");
        assertThat(run.externalId()).isEqualTo("cockpit:000");
        assertThat(run.job()).isEqualTo("cockpit");
        assertThat(run.builder()).isEqualTo("verify/ubuntu-stable");
        assertThat(run.revision()).isEqualTo("876b7f05");
        assertThat(run.equivalenceKey()).isEqualTo("876b7f05");
        assertThat(run.change()).isEqualTo("7348");
        assertThat(run.startedAt()).isEqualTo(Instant.parse("2017-07-20T22:49:27Z"));
        assertThat(run.merged()).isTrue();
        assertThat(run.extra()).containsEntry("label", "weak");
    }

    @Test
    void aJsonArrayAndJsonLinesHoldManyRecords() throws Exception {
        String one = record("a", "failure", "testA (check_a.TestA)");
        String two = record("b", "success", "testB (check_b.TestB)");
        Parsed array = Parsed.parse(parser, "[\n" + one + ",\n" + two + "\n]\n");
        Parsed lines = Parsed.parse(parser, one + "\n\n" + two + "\n");
        for (Parsed p : new Parsed[] {array, lines}) {
            assertThat(p.ids()).containsExactly("check_a.TestA::testA", "check_b.TestB::testB");
            assertThat(p.cases().get(1).attempts().get(0)).isEqualTo(new Attempt(Outcome.PASS, -1, null));
            assertThat(p.runs()).extracting(Run::externalId).containsExactly("a", "b");
        }
    }

    @Test
    void statusesMapToOutcomesAndAnUnknownStatusIsRejectedWithItsLine() throws Exception {
        assertThat(Parsed.parse(parser, record("a", "pass", "t")).only().finalOutcome())
                .isEqualTo(Outcome.PASS);
        assertThat(Parsed.parse(parser, record("a", "skip", "t")).only().finalOutcome())
                .isEqualTo(Outcome.SKIP);
        assertThat(Parsed.parse(parser, record("a", "failure", "t")).only().id())
                .isEqualTo(new TestId("", "t"));
        ReportException e = Parsed.rejection(parser, record("a", "failure", "t") + "\n" + record("b", "weird", "t"));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).contains("unknown status \"weird\"");
    }

    @Test
    void withoutAnIdTheRunIsNamedByPullRevisionContextAndDate() throws Exception {
        Run run = Parsed.parse(parser, record(null, "failure", "t")).runs().get(0);
        assertThat(run.externalId()).isEqualTo("7348/876b7f05/verify/ubuntu-stable/2017-07-20T22:49:27Z");
    }

    @Test
    void epochSecondsAndBranchRuns() throws Exception {
        Run run = Parsed.parse(
                        parser,
                        "{\"test\": \"t\", \"status\": \"failure\", \"log\": \"x\", \"pull\": 0, "
                                + "\"date\": 1500590967}")
                .runs()
                .get(0);
        assertThat(run.startedAt()).isEqualTo(Instant.ofEpochSecond(1500590967));
        // Cockpit writes pull 0 for a run on a branch: not a change.
        assertThat(run.change()).isNull();
        assertThat(run.presubmit()).isFalse();
    }

    @Test
    void malformedJsonIsRejectedWithItsLine() {
        ReportException inLine =
                Parsed.rejection(parser, record("a", "failure", "t") + "\n{\"key\": \"val\", malformed: \"key\"}\n");
        assertThat(inLine.line()).isEqualTo(2);
        assertThat(inLine.reason()).startsWith("malformed JSON");
        // A cut-off line is only noticed on the next one; JSON lines name the line the record began on.
        ReportException cut = Parsed.rejection(
                parser,
                record("a", "failure", "t") + "\n" + "{\"id\": \"b\", \"test\": \"t\"\n" + record("c", "failure", "t")
                        + "\n");
        assertThat(cut.line()).isEqualTo(2);
    }

    @Test
    void aRecordWithoutTestIsRejectedNamingItsLine() {
        ReportException e =
                Parsed.rejection(parser, record("a", "failure", "t") + "\n" + record("b", "failure", null) + "\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).contains("\"test\"");
    }

    @Test
    void theHeadlineIsTheTracebacksExceptionElseAnErrorLineElseTheFirstLine() {
        assertThat(CockpitRecordParser.headline("# banner\nstep 1\nResource Error: closed\nmore"))
                .isEqualTo("Resource Error: closed");
        assertThat(CockpitRecordParser.headline("# banner\n\u001b[0;1;31mFAILED\u001b[0m] unit\n"))
                .isEqualTo("FAILED] unit");
        assertThat(CockpitRecordParser.headline("# banner\n#\nfirst plain line\nsecond"))
                .isEqualTo("first plain line");
        assertThat(CockpitRecordParser.headline("Error: early\nTraceback (most recent call last):\n"
                        + "  File \"x\", line 1\nCalledProcessError: exit 1\n"))
                .isEqualTo("CalledProcessError: exit 1");
    }

    @Test
    void aLongLogKeepsItsHeadAndItsTail() {
        String log = "# testBasic (check_journal.TestJournal)\n" + "boot noise\n".repeat(20_000)
                + "Failure: the real reason\n";
        String detail = CockpitRecordParser.excerpt(log);
        assertThat(detail.length()).isLessThanOrEqualTo(Failure.MAX_DETAIL);
        assertThat(detail)
                .startsWith("# testBasic")
                .endsWith("Failure: the real reason\n")
                .contains("characters omitted");
    }
}
