package io.flakelens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.ingest.ReportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SourcePositionTest {

    /** Delivers its bytes in chunks of random sizes, then fails as a cut-off gzip stream does. */
    private static final class CutOff extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int at;

        CutOff(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() throws IOException {
            if (at == bytes.length) {
                throw new java.io.EOFException("Unexpected end of ZLIB input stream");
            }
            return bytes[at++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at == bytes.length) {
                throw new java.io.EOFException("Unexpected end of ZLIB input stream");
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(100)), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }

    @Test
    void aReadThatFailsIsPlacedAtTheLineAndCharacterAfterTheLastByteRead() throws IOException {
        Random random = new Random(7);
        String[] pieces = {"a", "é", "日本", "\uD83D\uDE00", "\n", "\n\n", "<case name=\"x\"/>", " "};
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = text.toString();
            long line = 1 + s.chars().filter(c -> c == '\n').count();
            String lastLine = s.substring(s.lastIndexOf('\n') + 1);
            long column = 1 + lastLine.codePointCount(0, lastLine.length());

            SourcePosition at = new SourcePosition(new CutOff(s.getBytes(StandardCharsets.UTF_8), random));
            byte[] buf = new byte[1 + random.nextInt(128)];
            try {
                while (true) {
                    if (random.nextInt(5) == 0) {
                        at.read();
                    } else {
                        int off = random.nextInt(buf.length);
                        at.read(buf, off, 1 + random.nextInt(buf.length - off));
                    }
                }
            } catch (IOException expected) {
                // the cut
            }
            ReportException failure = at.readFailure();
            assertThat(failure).as("%s", s).isNotNull();
            assertThat(failure.line()).as("line of %s", s).isEqualTo(line);
            assertThat(failure.column()).as("column of %s", s).isEqualTo(column);
            assertThat(failure.getMessage()).startsWith("the compressed data ends early");
        }
    }
}
