package io.flakelens.core.testgrid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.core.fuzz.Mutator;
import io.flakelens.core.model.StorableText;
import io.flakelens.core.model.TestCase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mangles TestGrid documents (syntax, types, run lengths, codes, counts) and demands that each is
 * read or refused with a {@link TestGridException} that names the tab: never another exception,
 * and nothing read that a store could not keep. Seeded, so a failure replays.
 */
class TestGridFuzzTest {
    private static final long SEED = 0x7E57_6A1DL;
    private static final int ITERATIONS = 4_000;
    private static final Mutator MUTATOR = new Mutator(
            "{",
            "}",
            "[",
            "]",
            ",",
            "\"",
            "null",
            "-1",
            "0",
            "13",
            "99",
            "1e400",
            "9223372036854775808",
            "2147483648",
            "\"count\":",
            "\"value\":",
            "{\"count\":3,\"value\":12}",
            "\"messages\":[]",
            "\"statuses\":{}",
            "\"cells\":[{}]",
            "\"result\":\"x\"",
            "\"started\":{\"seconds\":-99999999999999}",
            "\\u0000",
            "\\ud800",
            "\uD83D\uDE00",
            "\n");

    private static final List<String> SEEDS =
            List.of("table_small.json", "table_no_result.json", "api_headers.json", "api_rows.json");

    @Test
    void mangledDocumentsAreReadOrRefusedByName() {
        List<byte[]> seeds = SEEDS.stream().map(Fixtures::bytes).toList();
        SplittableRandom rnd = new SplittableRandom(SEED);
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = MUTATOR.mutate(seeds.get(i % seeds.size()), seeds, rnd);
            try {
                read(input);
            } catch (TestGridException e) {
                assertThat(e.getMessage()).as("iteration %d", i).startsWith("tab: ");
                refused++;
            } catch (RuntimeException | IOException e) {
                throw new AssertionError("iteration " + i + " of seed " + SEED + ": " + e, e);
            }
        }
        assertThat(refused).as("the fuzzer reaches the checks").isGreaterThan(ITERATIONS / 10);
    }

    /** Reads a document as ingest would: by its shape, the rows against the fixture headers. */
    private static void read(byte[] input) throws IOException, TestGridException {
        JsonNode n = GridJson.read("tab", new ByteArrayInputStream(input));
        GridJson.Shape shape = GridJson.shape(n);
        Grid g;
        if (shape == null) {
            return;
        }
        switch (shape) {
            case TABLE -> g = ClassicTable.read(TabRef.of("tab"), n);
            case HEADERS -> g = ApiGrid.read(TabRef.of("tab"), "job", n, Fixtures.json("api_rows.json"), 0);
            case ROWS, HEADERS_AND_ROWS ->
                g = ApiGrid.read(TabRef.of("tab"), "job", Fixtures.json("api_headers.json"), n, 0);
            default -> {
                DashboardSummary.read("tab", n);
                return;
            }
        }
        for (Grid.ColumnRun r : g.columnRuns()) {
            assertThat(StorableText.problem(r.run().externalId())).isNull();
            for (TestCase tc : r.cases()) {
                assertThat(StorableText.problem(tc.id().name())).isNull();
            }
        }
    }
}
