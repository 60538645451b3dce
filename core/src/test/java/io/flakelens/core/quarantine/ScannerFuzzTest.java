package io.flakelens.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.flakelens.core.fuzz.Mutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Test sources are input too, and a repository holds broken, half-written and generated files:
 * mangled sources of every language (cut strings and comments, stray brackets, quotes, decorators,
 * annotations) must each be scanned or refused with a {@link SourceProblem}, never crash a scanner.
 * Deterministic: a failure names the seed and iteration.
 */
class ScannerFuzzTest {
    private static final long SEED = 0x5CA22L;
    private static final int ITERATIONS = 2_000;
    private static final Mutator MUTATOR = new Mutator(
            "\"",
            "'",
            "`",
            "\"\"\"",
            "'''",
            "(",
            ")",
            "{",
            "}",
            "[",
            "]",
            "/*",
            "*/",
            "//",
            "#",
            "\n",
            "\\",
            "${",
            "@",
            "@Disabled(\"",
            "@pytest.mark.xfail(",
            "it.skip(",
            "t.Skip(",
            "class ",
            "fun ",
            "def ",
            "func ",
            "    ",
            "\t",
            "r\"",
            "f\"{",
            "/re/",
            "(".repeat(3_000),
            "{".repeat(3_000));

    private record Seed(String file, Language language, byte[] bytes) {}

    @Test
    void mangledSourcesAreScannedOrRefusedNeverCrashAScanner() throws IOException {
        Path repo = FixtureRepo.path();
        List<Seed> seeds = new ArrayList<>();
        try (var files = Files.walk(repo)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = repo.relativize(f).toString().replace('\\', '/');
                Language l = QuarantineScanner.language(rel);
                if (l != null) {
                    seeds.add(new Seed(rel, l, Files.readAllBytes(f)));
                }
            }
        }
        seeds.add(new Seed("src/CartTest.kt", Language.KOTLIN, kotlinSeed().getBytes(StandardCharsets.UTF_8)));
        assertThat(seeds).extracting(Seed::language).contains(Language.values());
        List<byte[]> all = seeds.stream().map(Seed::bytes).toList();
        Markers markers = Markers.defaults();
        JavaScanner java = new JavaScanner(markers);
        KotlinScanner kotlin = new KotlinScanner(markers);
        PythonScanner python = new PythonScanner(markers);
        GoScanner go = new GoScanner(markers);
        ScriptScanner script = new ScriptScanner(markers);
        SplittableRandom rnd = new SplittableRandom(SEED);
        int scanned = 0;
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Seed seed = seeds.get(rnd.nextInt(seeds.size()));
            String src = new String(MUTATOR.mutate(seed.bytes(), all, rnd), StandardCharsets.UTF_8);
            try {
                switch (seed.language()) {
                    case JAVA -> java.scan(seed.file(), src);
                    case KOTLIN -> kotlin.scan(seed.file(), src);
                    case PYTHON -> python.scan(seed.file(), "tests.mod", src);
                    case GO -> go.scan(seed.file(), "example.com/pkg", src);
                    case JS -> script.scan(seed.file(), seed.file(), src);
                }
                scanned++;
            } catch (SourceProblem e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                fail(
                        "seed " + SEED + " iteration " + i + " broke the " + seed.language() + " scanner with " + e
                                + "; source:\n" + src.substring(0, Math.min(src.length(), 2_000)),
                        e);
            }
        }
        assertThat(scanned).isGreaterThan(ITERATIONS / 10);
        assertThat(refused).isGreaterThan(ITERATIONS / 50);
    }

    private static String kotlinSeed() {
        return """
                package com.acme
                class CartTest {
                    @Test @Disabled("flaky, CART-1") fun `adds an item`() { val s = "${'$'}{x} @Ignore" }
                    @Nested inner class Inner { @Test fun t() {} }
                    val raw = \"""@Disabled\"""
                }
                @Ignore object Empty
                """;
    }
}
