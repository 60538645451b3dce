package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinesTest {

    private static List<String> read(Lines lines) throws Exception {
        List<String> out = new ArrayList<>();
        String line;
        while ((line = lines.next()) != null) {
            out.add(lines.number() + ":" + line);
        }
        return out;
    }

    @Test
    void numbersLinesAndDropsTerminatorsBomAndCarriageReturns() throws Exception {
        byte[] data = "\uFEFFone\r\ntwo\n\nlast".getBytes(StandardCharsets.UTF_8);
        assertThat(read(new Lines(new ByteArrayInputStream(data)))).containsExactly("1:one", "2:two", "3:", "4:last");
    }

    @Test
    void linesLongerThanTheBufferAreWhole() throws Exception {
        String big = "x".repeat(200_000);
        byte[] data = ("a\n" + big + "\nb").getBytes(StandardCharsets.UTF_8);
        List<String> got = read(new Lines(new ByteArrayInputStream(data)));
        assertThat(got).hasSize(3);
        assertThat(got.get(1)).isEqualTo("2:" + big);
    }

    @Test
    void aLineOverTheLimitIsRefusedWithItsNumber() {
        byte[] data = "short\nthis one is too long\n".getBytes(StandardCharsets.UTF_8);
        Throwable t = catchThrowable(() -> read(new Lines(new ByteArrayInputStream(data), 10)));
        assertThat(t).isInstanceOf(ReportException.class);
        assertThat(((ReportException) t).line()).isEqualTo(2);
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() throws Exception {
        byte[] data = {'o', 'k', (byte) 0xC3, '\n'};
        assertThat(read(new Lines(new ByteArrayInputStream(data)))).containsExactly("1:ok\uFFFD");
    }
}
