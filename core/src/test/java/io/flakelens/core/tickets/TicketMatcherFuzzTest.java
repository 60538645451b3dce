package io.flakelens.core.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.flakelens.core.fuzz.Mutator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Ticket bodies are whatever people paste: logs, broken links, half a URL escape, regex characters in
 * test names. Mangled bodies must be read (matched or not), never crash the matcher. Deterministic:
 * a failure names the seed and iteration.
 */
class TicketMatcherFuzzTest {
    private static final long SEED = 0x71C4E7L;
    private static final int ITERATIONS = 3_000;
    private static final Mutator MUTATOR = new Mutator(
            "https://testgrid.k8s.io/",
            "#",
            "?tab=",
            "%",
            "%E2",
            "&",
            "::",
            ".",
            "#connects",
            "`",
            "\n",
            "(",
            "[",
            "\\Q",
            "\\E",
            "$",
            "e2e-gce",
            "NetTest",
            "x".repeat(5_000));

    @Test
    void mangled_bodies_never_crash_the_matcher() {
        List<String> tests =
                List.of("com.acme.NetTest::connects", "a.b$C::m(int)[1]", "k8s::[sig-x] a (b) \\Q.*", "::");
        List<String> jobs = List.of("e2e-gce", "j.*(", "unit", "");
        List<byte[]> seeds = List.of(
                "see https://testgrid.k8s.io/dash#e2e-gce&x=1 and NetTest#connects".getBytes(StandardCharsets.UTF_8),
                "https://testgrid.k8s.io/d?tab=j.*(&y=%20 com.acme.NetTest::connects".getBytes(StandardCharsets.UTF_8),
                "`unit` [sig-x] a (b) \\Q.* C.m".getBytes(StandardCharsets.UTF_8));
        SplittableRandom rnd = new SplittableRandom(SEED);
        int matched = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String body = new String(
                    MUTATOR.mutate(seeds.get(rnd.nextInt(seeds.size())), seeds, rnd), StandardCharsets.UTF_8);
            Ticket t = TicketMatcherTest.open(i, "[Flaky Test]", body);
            try {
                List<Match> m = new TicketMatcher(tests, jobs).matches(t);
                matched += m.isEmpty() ? 0 : 1;
                Effort.of(t);
            } catch (RuntimeException | StackOverflowError e) {
                fail(
                        "seed " + SEED + " iteration " + i + " broke the matcher with " + e + "; body:\n"
                                + body.substring(0, Math.min(body.length(), 2_000)),
                        e);
            }
        }
        assertThat(matched).isGreaterThan(ITERATIONS / 10);
    }
}
