package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureReasonTest {
    @Test
    void comparedValuesAreMaskedAndTheWordsAroundThemKept() {
        assertThat(FailureReason.maskValues("expected:<3> but was:<2>")).isEqualTo("expected:<v> but was:<v>");
        assertThat(FailureReason.maskValues("expected:<[org.apache.]Lock$With> but was:<[]Lock$With>"))
                .isEqualTo("expected:<v> but was:<v>");
        assertThat(FailureReason.maskValues("expected [a, b] but found [b]")).isEqualTo("expected <v> but found <v>");
        assertThat(FailureReason.maskValues("Unknown user: \"JqAdAmS@h2Ms.oRg\""))
                .isEqualTo("Unknown user: <v>");
        // an apostrophe in a word and a mask already in place are not values
        assertThat(FailureReason.maskValues("Can't compile <n> classes")).isEqualTo("Can't compile <n> classes");
        // an unclosed bracket is text
        assertThat(FailureReason.maskValues("index < size")).isEqualTo("index < size");
    }

    @Test
    void namesOfCodeInALogLineAreMaskedAndItsWordsKept() {
        assertThat(FailureReason.maskNames("io.reactivex.FlowableRefCountTest > publishNoLeak FAILED"))
                .isEqualTo("<id> > <id> FAILED");
        assertThat(FailureReason.maskNames("Error: ActionView::HelperTest#test_helper_is_included:"))
                .isEqualTo("Error: <id>:");
        assertThat(FailureReason.maskNames("No Rakefile found (looking for: rakefile)"))
                .isEqualTo("No Rakefile found (looking for: rakefile)");
    }

    @Test
    void coloursAreDroppedAlsoWhenWrittenOutAsText() {
        assertThat(FailureReason.logLine("\\x1b[31;1mThe command \"make\" failed.\\x1b[0m"))
                .isEqualTo("The command \"make\" failed.");
        assertThat(FailureReason.logLine("\u001B[1m\u001B[31mE   NameError: name 'x' is not defined\u001B[0m"))
                .isEqualTo("E   NameError: name 'x' is not defined");
        assertThat(FailureReason.logLine("=\\x1b[?1l\\x1b>text-objects/lexer   FAIL"))
                .isEqualTo("=text-objects/lexer   FAIL");
    }

    @Test
    void linesOfOneTemplateShareANumberWhateverTheirOrder() {
        List<String> lines = List.of(
                "Connection to db-<n> refused after <n> attempts",
                "Connection to cache refused after <n> attempts",
                "Build finished in <n> s",
                "Connection to broker refused after <n> attempts");
        Map<String, Integer> t = LineTemplates.of(lines, 0.5);
        assertThat(t.get(lines.get(0))).isEqualTo(t.get(lines.get(1))).isEqualTo(t.get(lines.get(3)));
        assertThat(t.get(lines.get(2))).isNotEqualTo(t.get(lines.get(0)));
        List<String> backwards = new java.util.ArrayList<>(lines);
        java.util.Collections.reverse(backwards);
        Map<String, Integer> reversed = LineTemplates.of(backwards, 0.5);
        assertThat(reversed).isEqualTo(t);
    }
}
