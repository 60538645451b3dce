package io.flakelens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz tests' expansion cases: seeded mutations of .gz and .zip inputs (cut, flipped, spliced,
 * small ones that expand far) go through expansion and parsing as ingest runs them. Each is read,
 * rejected with a reason (a cut compressed stream at its line and column), or refused by the
 * expansion limits: never a parser bug, never more read than the limit allows. Deterministic: a
 * failure names the seed and iteration.
 */
class ArchiveFuzzTest {
    private static final long SEED = 0xA2C41FEL;
    private static final int ITERATIONS = 300;
    private static final ExpansionLimits LIMITS = ExpansionLimits.ofMegabytes(2, 50);

    @TempDir
    Path dir;

    private static byte[] report(int cases, String extra) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<testsuite name=\"S\">\n");
        for (int i = 0; i < cases; i++) {
            sb.append("<testcase classname=\"S\" name=\"t")
                    .append(i)
                    .append("\"><failure message=\"m&#xD;&#xA;")
                    .append(extra)
                    .append("\">x</failure></testcase>\n");
        }
        return sb.append("</testsuite>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] zip(byte[]... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i++) {
                z.putNextEntry(new ZipEntry("r/TEST-" + i + ".xml" + (i % 2 == 1 ? ".gz" : "")));
                z.write(i % 2 == 1 ? gzip(entries[i]) : entries[i]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b = Arrays.copyOf(b, Math.max(2, at));
                case 2 -> b[at] = (byte) rnd.nextInt(256);
                default -> {
                    // leave it whole: the seed itself, or a bomb, must also come through
                }
            }
        }
        return b;
    }

    @Test
    void mutatedArchivesAreReadRejectedOrRefusedButNeverBreakIngest() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(gzip(report(20, "a")));
        seeds.add(zip(report(5, "b"), report(5, "c"), report(3, "d")));
        // compresses about 400 times: past the ratio once it is more than 1 MB
        seeds.add(gzip(report(20_000, "e".repeat(60))));
        seeds.add(zip(report(20_000, "f".repeat(60))));
        SplittableRandom rnd = new SplittableRandom(SEED);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        int read = 0;
        int rejected = 0;
        int refused = 0;
        try {
            ParseStage stage = new ParseStage(ex);
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] input = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                Path f = dir.resolve("in-" + i + (input.length > 1 && input[0] == 'P' ? ".zip" : ".gz"));
                Files.write(f, input);
                String where = "seed " + SEED + " iteration " + i;
                InputExpander.Expanded expanded = InputExpander.expand(List.of(f), LIMITS);
                for (ReportSource s : expanded.sources()) {
                    ParseStage.Outcome o = stage.drain(stage.submit(s), (tc, run, key) -> {});
                    assertThat(o.bug())
                            .as(where + ": a parser bug on " + s.label())
                            .isNull();
                    if (expanded.expansion().exceeded() != null) {
                        refused++;
                        break;
                    }
                    if (o.error() != null || o.ioError() != null || o.parser() == null) {
                        rejected++;
                        if (o.error() != null && o.error().getMessage().startsWith("the compressed data ends early")) {
                            assertThat(o.error().line()).as(where).isPositive();
                        }
                    } else {
                        read++;
                    }
                }
                if (expanded.expansion().exceeded() != null) {
                    assertThat(expanded.expansion().exceeded())
                            .as(where)
                            .containsAnyOf("--max-expansion-ratio", "--max-expanded-mb");
                }
                Files.delete(f);
            }
        } finally {
            ex.shutdownNow();
        }
        assertThat(read).as("read").isGreaterThan(ITERATIONS / 20);
        assertThat(rejected).as("rejected").isGreaterThan(ITERATIONS / 20);
        assertThat(refused).as("refused").isGreaterThan(ITERATIONS / 50);
    }
}
