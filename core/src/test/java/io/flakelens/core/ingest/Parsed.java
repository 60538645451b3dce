package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a parser emitted for a fixture, in order, with the run each case came with. */
record Parsed(List<TestCase> cases, List<Run> runs) {

    static Parsed parse(ReportParser parser, String text) throws Exception {
        return parse(parser, text.getBytes(StandardCharsets.UTF_8));
    }

    static Parsed parse(ReportParser parser, byte[] data) throws Exception {
        List<TestCase> cases = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        parser.parse(new ByteArrayInputStream(data), (c, r) -> {
            cases.add(c);
            runs.add(r);
        });
        return new Parsed(cases, runs);
    }

    /** The rejection a fixture must cause. */
    static ReportException rejection(ReportParser parser, String text) {
        Throwable t = catchThrowable(() -> parse(parser, text));
        assertThat(t).isInstanceOf(ReportException.class);
        return (ReportException) t;
    }

    TestCase only() {
        assertThat(cases).hasSize(1);
        return cases.get(0);
    }

    TestCase named(String suite, String name) {
        return cases.stream()
                .filter(c -> c.id().suite().equals(suite) && c.id().name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no case " + suite + "::" + name + " in " + ids()));
    }

    List<String> ids() {
        return cases.stream().map(c -> c.id().id()).toList();
    }

    static Attempt last(TestCase c) {
        return c.attempts().get(c.attempts().size() - 1);
    }
}
