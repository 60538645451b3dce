package io.flakelens.app.ingest;

import io.flakelens.core.ingest.ReportException;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;

/**
 * Where in a report's (expanded) bytes a read got to, so that a fault of the bytes themselves (a
 * gzip stream that ends early, bytes that are not UTF-8) is rejected as {@code path:line:column:
 * reason}, whatever the parser made of the failed read.
 */
final class SourcePosition extends FilterInputStream {
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
        for (int i = 0; i < n; i++) {
            advance(buf[off + i]);
        }
        return n;
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
