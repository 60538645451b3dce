package io.flakelens.app.bugs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What trackers send is input too: a ticket from GitHub or Jira with fields of the wrong type, cut
 * dates, odd labels must be read into a ticket or skipped, never break a listing; bug texts of any
 * shape must convert to Jira's markup. Deterministic: a failure names the seed and iteration.
 */
class TrackerTextFuzzTest {
    private static final long SEED = 0x71C7E75L;
    private static final int ITERATIONS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOKENS = List.of(
            "\"",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "null",
            "1",
            "\"closed\"",
            "\"2026-13-45T99:00:00Z\"",
            "\"x\"",
            "[]",
            "{}",
            "\"not_planned\"",
            "\"done\"",
            "|",
            "---",
            "`",
            "[a](",
            "https://x/)",
            "<br>",
            "### ",
            "\n",
            "\\|");

    static String mutate(String seed, SplittableRandom rnd) {
        StringBuilder b = new StringBuilder(seed);
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds && b.length() > 0; r++) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(4)) {
                case 0 -> b.insert(at, TOKENS.get(rnd.nextInt(TOKENS.size())));
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + rnd.nextInt(20)));
                case 2 -> b.setCharAt(at, (char) (32 + rnd.nextInt(95)));
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }

    @Test
    void mangled_tickets_and_texts_are_read_or_refused_never_crash() {
        GitHubTracker gh = new GitHubTracker(
                "http://127.0.0.1:9",
                "acme/widgets",
                null,
                d -> {},
                Clock.systemUTC(),
                0,
                Duration.ZERO,
                Duration.ZERO);
        JiraTracker jira = new JiraTracker(
                "http://127.0.0.1:9",
                "FLK",
                "Bug",
                "x",
                null,
                d -> {},
                Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC),
                0,
                Duration.ZERO,
                Duration.ZERO);
        String ghSeed = "{\"number\":12,\"url\":\"https://api.github.com/repos/acme/widgets/issues/12\","
                + "\"html_url\":\"https://github.com/acme/widgets/issues/12\",\"title\":\"[Flaky Test] a\","
                + "\"body\":\"S::a\",\"state\":\"closed\",\"closed_at\":\"2026-11-20T00:00:00Z\","
                + "\"state_reason\":\"completed\",\"assignees\":[{\"login\":\"d\"}],\"labels\":[{\"name\":\"kind/flake\"},\"x\"]}";
        String jiraSeed = JiraTrackerTest.issue(
                7, "FLK-7", "done", "Fixed", "2026-11-20T10:00:00.000+0000", "S::a", "dev", "flaky-test");
        String mdSeed = "### Occurrences\n\n| | |\n|---|---|\n| a \\| b | [r](https://ci/1)<br>`x` |\n---\n";
        SplittableRandom rnd = new SplittableRandom(SEED);
        int read = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            int kind = i % 3;
            String input = mutate(kind == 0 ? ghSeed : kind == 1 ? jiraSeed : mdSeed, rnd);
            try {
                if (kind == 2) {
                    assertThat(JiraText.of(input)).isNotNull();
                    read++;
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(input);
                } catch (IOException e) {
                    continue; // not JSON: the client's reply check refuses it before any field is read
                }
                if (node == null) {
                    continue;
                }
                assertThat(kind == 0 ? gh.ticket(node) : jira.ticket(node)).isNotNull();
                read++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("seed " + SEED + " iteration " + i + " broke the reader with " + e + "; input:\n" + input, e);
            }
        }
        assertThat(read).isGreaterThan(ITERATIONS / 3);
    }
}
