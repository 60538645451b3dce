package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureRecordsTest {
    private final List<FailureRecords.Entry> read = new ArrayList<>();
    private final List<FailureRecords.Problem> problems = new ArrayList<>();

    private void read(byte[] bytes, FailureRecords fields) throws IOException {
        fields.readEntries(new ByteArrayInputStream(bytes), "f.jsonl", read::add, problems::add);
    }

    private void read(String s) throws IOException {
        read(s.getBytes(StandardCharsets.UTF_8), FailureRecords.defaults());
    }

    @Test
    void readsJsonLinesAndReportsEachBadLineByNumber() throws IOException {
        read("""
                {"id": "a", "text": "java.lang.Error: x", "test": "T::a", "context": "verify/fedora", "merged": true, "label": "L", "pull": 7}
                this is not json
                {"id": "b", "text": "boom"

                [1, 2]
                {"id": "c"}
                {"text": "no id", "flaky": false}
                """);
        assertThat(read).extracting(e -> e.failure().id()).containsExactly("a", "c", "f.jsonl:7");
        FailureText a = read.get(0).failure();
        assertThat(a.test()).isEqualTo("T::a");
        assertThat(a.job()).isEqualTo("verify/fedora");
        assertThat(a.flaky()).isTrue();
        assertThat(read.get(0).label()).isEqualTo("L");
        assertThat(read.get(0).change()).isEqualTo("7");
        assertThat(read.get(1).failure().text()).isEmpty();
        assertThat(read.get(2).failure().flaky()).isFalse();
        assertThat(problems).extracting(FailureRecords.Problem::line).containsExactly(2L, 3L, 5L, 6L);
        assertThat(problems.get(3).reason()).contains("no text");
    }

    @Test
    void readsAJsonArrayAndCockpitsLogField() throws IOException {
        read("[{\"id\": \"cockpit:1\", \"log\": \"Traceback...\\nError: timeout\", \"merged\": false},\n"
                + " {\"id\": \"cockpit:2\", \"log\": \"x\"}]");
        assertThat(read).extracting(e -> e.failure().text()).containsExactly("Traceback...\nError: timeout", "x");
        assertThat(problems).isEmpty();
    }

    @Test
    void readsChosenFieldsInvalidUtf8AndCapsHugeTexts() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("{\"key\": \"k1\", \"msg\": \"bad \u00e9 ".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        b.write("\"}\n".getBytes(StandardCharsets.UTF_8));
        b.write(("{\"key\": \"k2\", \"msg\": \"" + "y".repeat(2_000_000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        read(b.toByteArray(), new FailureRecords("key", "msg"));
        assertThat(read).extracting(e -> e.failure().id()).containsExactly("k1", "k2");
        assertThat(read.get(0).failure().text()).startsWith("bad \u00e9 ").contains("\uFFFD");
        assertThat(read.get(1).failure().text()).hasSizeLessThanOrEqualTo(FailureText.MAX_TEXT + 1);
        assertThat(problems).isEmpty();
    }

    @Test
    void binaryGarbageIsReportedNotThrown() throws IOException {
        byte[] junk = new byte[5_000];
        new java.util.SplittableRandom(1).nextBytes(junk);
        junk[0] = 'x';
        read(junk, FailureRecords.defaults());
        assertThat(read).isEmpty();
        assertThat(problems).isNotEmpty();
    }
}
