package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.flakelens.core.fuzz.Mutator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Failure records are user input too: mangled JSON lines, arrays and Cockpit records (flipped
 * bytes, cut lines, stray quotes and braces, lone surrogates, invalid UTF-8, nesting) must each be
 * read or reported with a line number, and whatever was read must cluster and predict. Never an
 * exception, never a record lost without a report. Deterministic: a failure names the iteration.
 */
class FailureRecordsFuzzTest {
    private static final long SEED = 0xC1A55L;
    private static final int ITERATIONS = 3_000;
    private static final Mutator MUTATOR = new Mutator(
            "{",
            "}",
            "[",
            "]",
            "\"",
            "\\",
            "\\u",
            "\\uD800",
            ",",
            ":",
            "\n",
            "\r\n",
            "null",
            "\"text\":",
            "\"log\":null",
            "\"id\":{}",
            "\u0000",
            "\uFFFF",
            "\u00e9",
            "[".repeat(2_000),
            "\tat com.acme.Foo.bar(Foo.java:1)\\n",
            "Caused by: ",
            "File \\\"x.py\\\", line 1, in f\\n");
    private static final byte[] INVALID_UTF8 = {
        (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80
    };

    static List<byte[]> seeds() throws IOException {
        List<String> lines;
        try (InputStream in = FailureRecordsFuzzTest.class.getResourceAsStream("/cluster/defects4j-sample.jsonl")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i + 3 <= lines.size(); i += 3) {
            out.add(String.join("\n", lines.subList(i, i + 3)).getBytes(StandardCharsets.UTF_8));
        }
        out.add(("[" + String.join(",", lines.subList(0, 4)) + "]").getBytes(StandardCharsets.UTF_8));
        out.add(
                ("{\"status\":\"failure\",\"pull\":7328,\"test\":\"testBasic (check_x.TestX)\",\"context\":\"verify/fedora\","
                                + "\"merged\":true,\"date\":\"2017-07-20T10:00:00Z\",\"log\":\"# testBasic\\nnot ok 1 testBasic\\n"
                                + "Traceback (most recent call last):\\n  File \\\"/build/test/testlib.py\\\", line 556, in setUp\\n"
                                + "Error: timeout\\n\"}")
                        .getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void mangledRecordsAreReadOrReportedByLineAndWhatIsReadClusters() throws IOException {
        List<byte[]> seeds = seeds();
        SplittableRandom rnd = new SplittableRandom(SEED);
        StackTraceClustering clustering = StackTraceClustering.withDefaults();
        int read = 0;
        int reported = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = MUTATOR.mutate(seeds.get(rnd.nextInt(seeds.size())), seeds, rnd);
            if (rnd.nextInt(10) == 0) {
                int at = rnd.nextInt(input.length + 1);
                byte[] bad = new byte[input.length + INVALID_UTF8.length];
                System.arraycopy(input, 0, bad, 0, at);
                System.arraycopy(INVALID_UTF8, 0, bad, at, INVALID_UTF8.length);
                System.arraycopy(input, at, bad, at + INVALID_UTF8.length, input.length - at);
                input = bad;
            }
            List<FailureText> records = new ArrayList<>();
            List<FailureRecords.Problem> problems = new ArrayList<>();
            try {
                FailureRecords.defaults()
                        .read(new ByteArrayInputStream(input), "fuzz.jsonl", records::add, problems::add);
                for (FailureRecords.Problem p : problems) {
                    assertThat(p.line()).as(p.toString()).isPositive();
                    assertThat(p.reason()).as(p.toString()).isNotBlank();
                }
                if (!records.isEmpty()) {
                    Clustering c = clustering.cluster(records);
                    assertThat(c.size()).isEqualTo(records.size());
                    FlakeModel model = FlakeModel.learn(records, clustering, false);
                    double p = model.predict(records.get(0)).flakeProbability();
                    assertThat(p).isBetween(0.0, 1.0);
                }
            } catch (IOException | RuntimeException | AssertionError | StackOverflowError e) {
                fail(
                        "seed " + SEED + " iteration " + i + " broke failure records with " + e + "; input:\n"
                                + new String(input, 0, Math.min(input.length, 2_000), StandardCharsets.UTF_8),
                        e);
            }
            read += records.size();
            reported += problems.size();
        }
        // both halves exercised: most mangled records still read, many reported
        assertThat(read).isGreaterThan(ITERATIONS);
        assertThat(reported).isGreaterThan(ITERATIONS / 5);
    }
}
