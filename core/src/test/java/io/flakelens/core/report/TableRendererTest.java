package io.flakelens.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {
    private final Table t = new Table(
            List.of("test", "rate"), List.of(Arrays.asList("a,\"b\"\nc", 0.25), Arrays.asList("x|y <z>", null)));

    @Test
    void csvQuotesCommasQuotesAndNewlinesPerRfc4180() {
        assertThat(TableRenderer.render(t, OutputFormat.CSV))
                .isEqualTo("test,rate\r\n\"a,\"\"b\"\"\nc\",0.250\r\nx|y <z>,\r\n");
    }

    @Test
    void markdownAndOrgEscapePipes() {
        String md = TableRenderer.render(t, OutputFormat.MD);
        assertThat(md).startsWith("| test").contains("x\\|y <z>").contains("|---");
        assertThat(TableRenderer.render(t, OutputFormat.ORG)).contains("|-").contains("-+-");
    }

    @Test
    void htmlEscapesMarkup() {
        assertThat(TableRenderer.render(t, OutputFormat.HTML))
                .contains("x|y &lt;z&gt;")
                .contains("<th>test</th>");
    }

    @Test
    void plainTableAlignsColumns() {
        String[] lines = TableRenderer.render(
                        new Table(List.of("a", "b"), List.of(List.of("long value", 1))), OutputFormat.TABLE)
                .split("\n");
        assertThat(lines[0].indexOf('b')).isEqualTo(lines[1].indexOf('1'));
    }
}
