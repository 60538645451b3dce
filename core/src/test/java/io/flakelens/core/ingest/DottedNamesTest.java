package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.TestId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DottedNamesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "Ns.Class.Method | Ns.Class | Method",
                "Ns.Class.Method(1.5,\"a.b\") | Ns.Class | Method(1.5,\"a.b\")",
                "Ns.Generic<System.Double>(11.5d).Test1 | Ns.Generic<System.Double>(11.5d) | Test1",
                "Ns.Class.M(\"a)b.c\") | Ns.Class | M(\"a)b.c\")",
                "Ns.Class.M('.') | Ns.Class | M('.')",
                "Ns.Class.M(x: \"\\\".\") | Ns.Class | M(x: \"\\\".\")",
                "Ns.Class.Can't.Do | Ns.Class.Can't | Do",
                "Method | `` | Method",
                "Trailing. | `` | Trailing.",
                ".Leading | `` | .Leading",
                "[Cleanup (Ns.Class.Test)] | `` | [Cleanup (Ns.Class.Test)]"
            })
    void splitsAtTheLastDotOutsideBracketsAndQuotes(String full, String suite, String name) {
        assertThat(DottedNames.split(full)).isEqualTo(new TestId(suite, name));
    }
}
