package io.flakelens.app.ingest;

import io.flakelens.core.ingest.ReportException;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;

/**
 * Where in a report's (expanded) bytes a read got to, so that a fault of the bytes themselves (a
 * gzip stream that ends early, bytes that are not UTF-8) is rejected as {@code path:line:column:
 * reason}, whatever the parser made of the failed read.
 */
final class SourcePosition extends FilterInputStream {
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LINE_ENDS = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private long line = 1;
    private long column = 1;
    private IOException failure;
    private long failedLine;
    private long failedColumn;

    SourcePosition(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException e) {
            throw failed(e);
        }
        if (b >= 0) {
            advance((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(buf, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
        if (n > 0) {
            advance(buf, off, off + n);
        }
        return n;
    }

    /**
     * As {@link #advance(byte)} for each byte, eight bytes at a time: tracking a 100 MB report a
     * byte at a time took half a second of the parse thread. Lines are the chunk's line ends; the
     * column counts the characters after the last of them.
     */
    private void advance(byte[] buf, int from, int to) {
        long lines = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            lines += Long.bitCount(zeroBytes((long) WORD.get(buf, i) ^ LINE_ENDS));
        }
        for (; i < to; i++) {
            lines += buf[i] == '\n' ? 1 : 0;
        }
        int tail = from;
        if (lines > 0) {
            line += lines;
            column = 1;
            tail = to;
            while (buf[tail - 1] != '\n') {
                tail--;
            }
        }
        column += characters(buf, tail, to);
    }

    /** The characters that start in {@code buf[from, to)}: every byte but UTF-8 continuation bytes. */
    private static long characters(byte[] buf, int from, int to) {
        long continuations = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) WORD.get(buf, i);
            // a continuation byte is 10xxxxxx: its top bit set, the next one clear
            continuations += Long.bitCount(w & ~(w << 1) & HIGH_BITS);
        }
        for (; i < to; i++) {
            continuations += (buf[i] & 0xC0) == 0x80 ? 1 : 0;
        }
        return (to - from) - continuations;
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit (exact, no borrow). */
    private static long zeroBytes(long x) {
        long y = (x & LOW_SEVEN) + LOW_SEVEN;
        return ~(y | x | LOW_SEVEN);
    }

    private void advance(byte b) {
        if (b == '\n') {
            line++;
            column = 1;
        } else if ((b & 0xC0) != 0x80) {
            // a character starts here (UTF-8 continuation bytes do not)
            column++;
        }
    }

    private IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
            failedLine = line;
            failedColumn = column;
        }
        return e;
    }

    /** The rejection for a source that failed to read (truncated or corrupt compression), or null. */
    ReportException readFailure() {
        if (failure == null) {
            return null;
        }
        String m = String.valueOf(failure.getMessage());
        String reason = m.contains("ZLIB")
                        || m.contains("GZIP")
                        || m.contains("gzip")
                        || failure instanceof java.io.EOFException
                ? "the compressed data ends early or is corrupt, the report is cut off here (" + m + ")"
                : "cannot read: " + m;
        return new ReportException(reason, failedLine, failedColumn, failure);
    }

    /** True when {@code t} or a cause says the bytes were not valid UTF-8. */
    static boolean utf8Fault(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CharConversionException || c instanceof CharacterCodingException) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && m.contains("Invalid UTF-8")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds the first byte sequence of {@code in} that is not UTF-8 and says where it is, in lines
     * and characters from 1; null when all of it is UTF-8.
     */
    static ReportException firstInvalidUtf8(InputStream in) throws IOException {
        long line = 1;
        long column = 1;
        int need = 0;
        int first = 0;
        long seqLine = 0;
        long seqColumn = 0;
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xff;
                if (need > 0) {
                    if ((b & 0xC0) != 0x80) {
                        return invalid(first, seqLine, seqColumn);
                    }
                    need--;
                    continue;
                }
                if (b == '\n') {
                    line++;
                    column = 1;
                    continue;
                }
                seqLine = line;
                seqColumn = column;
                column++;
                first = b;
                if (b < 0x80) {
                    continue;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    need = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    need = 2;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    need = 3;
                } else {
                    return invalid(b, seqLine, seqColumn);
                }
            }
        }
        return need > 0 ? invalid(first, seqLine, seqColumn) : null;
    }

    private static ReportException invalid(int b, long line, long column) {
        return new ReportException(
                String.format(
                        "not valid UTF-8: a bad byte sequence starting with 0x%02X"
                                + " (save the report as UTF-8, or declare its encoding in the XML prolog)",
                        b),
                line,
                column);
    }
}
