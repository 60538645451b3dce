package io.flakelens.core.testgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flakelens.core.model.TestCase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The hand-made TestGrid documents under {@code testgrid/} and small helpers over them. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("testgrid/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Grid table(JsonNode n) throws TestGridException {
        return ClassicTable.read(TabRef.of("widgets/unit"), n);
    }

    /** The case of {@code test} in column {@code c}, or null when the column has none. */
    static TestCase caseOf(Grid g, int c, String test) {
        List<TestCase> cases = g.columnRuns().get(c).cases();
        return cases.stream()
                .filter(tc -> tc.id().name().equals(test))
                .findFirst()
                .orElse(null);
    }
}
