package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import io.flakelens.core.fuzz.Mutator;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer that runs in CI: it mangles real-shaped reports (flips, cuts, splices,
 * repeats, nests, injects markup and bad bytes) and demands that every parser either reads the
 * result or rejects it with a {@link ReportException} carrying a position: never any other
 * exception, never a hang. Inputs that once broke a parser live in {@code fuzz/crashers} and are
 * replayed on every run. Deterministic: a failure prints the seed and iteration to replay.
 */
class ParserFuzzTest {
    private static final long SEED = 0xF1A4E5L;
    private static final int ITERATIONS = 10_000;
    private static final Mutator MUTATOR = new Mutator("<", ">", "&", "&amp;", "&#0;", "&#xD800;", "<!DOCTYPE x>", "<![CDATA[",
            "]]>", "<testcase", "</testsuite>", "<?xml version=\"1.0\"?>", "\"", "'", "\u0000", "\uFFFF", "{", "}",
            "\"Action\":\"fail\"", "not ok 1", "1..3", "\n", "<testsuite>".repeat(300));

    static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String dir : List.of("fuzz/seeds", "fuzz/crashers")) {
            Path p = resource(dir);
            if (p == null) {
                continue;
            }
            try (Stream<Path> files = Files.list(p)) {
                for (Path f : files.sorted().toList()) {
                    out.add(Files.readAllBytes(f));
                }
            }
        }
        return out;
    }

    private static Path resource(String dir) {
        var url = ParserFuzzTest.class.getClassLoader().getResource(dir);
        return url == null ? null : Path.of(url.getPath());
    }

    /** Parses as ingest would: sniff, then the sniffed parser. Returns cases read, or -1 when rejected. */
    static int parse(byte[] input) {
        Optional<ReportParser> p = FormatSniffer.sniff(input, Math.min(input.length, FormatSniffer.HEAD));
        if (p.isEmpty()) {
            return -1;
        }
        int[] n = {0};
        try (InputStream in = new ByteArrayInputStream(input)) {
            p.get().parse(in, (tc, run) -> n[0]++);
            return n[0];
        } catch (ReportException e) {
            assertThat(e.getMessage()).as("a rejection says why").isNotBlank();
            return -1;
        } catch (IOException e) {
            throw new AssertionError("in-memory input cannot fail to read", e);
        }
    }

    @Test
    void theCrashersOfEarlierRunsAreHandled() throws IOException {
        Path dir = resource("fuzz/crashers");
        assertThat(dir).isNotNull();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                parse(Files.readAllBytes(f));
            }
        }
    }

    @Test
    void mutatedReportsAreReadOrRejectedButNeverCrashAParser() throws IOException {
        List<byte[]> seeds = seeds();
        assertThat(seeds).isNotEmpty();
        SplittableRandom rnd = new SplittableRandom(SEED);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = MUTATOR.mutate(seeds.get(rnd.nextInt(seeds.size())), seeds, rnd);
            try {
                if (parse(input) >= 0) {
                    parsed++;
                } else {
                    rejected++;
                }
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                // Keep the input so it can join fuzz/crashers as a regression fixture.
                Path keep = Path.of("target", "fuzz-crashers", "crash-" + SEED + "-" + i + ".bin");
                Files.createDirectories(keep.getParent());
                Files.write(keep, input);
                fail("seed " + SEED + " iteration " + i + " broke a parser with " + e + "; input:\n"
                        + new String(input, 0, Math.min(input.length, 2_000), StandardCharsets.UTF_8), e);
            }
        }
        // Both halves must be exercised, or the mutations are too gentle or too wild to mean anything.
        assertThat(parsed).isGreaterThan(ITERATIONS / 50);
        assertThat(rejected).isGreaterThan(ITERATIONS / 20);
    }
}
