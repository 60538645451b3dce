package io.flakelens.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Line-oriented reports (go test2json, TAP) are read through this rather than a BufferedReader so
 * that every error can name its line and one endless line cannot take the heap: a line longer than
 * {@link #MAX_LINE} characters is refused with its number.
 */
final class Lines {
    /** Far beyond any real report line; a Cockpit log in one JSON line is under a megabyte. */
    static final int MAX_LINE = 16 << 20;

    private final Reader reader;
    private final char[] buf = new char[1 << 16];
    private final int maxLine;
    private int pos;
    private int limit;
    private boolean eof;
    private long number;

    Lines(InputStream in) {
        this(in, MAX_LINE);
    }

    Lines(InputStream in, int maxLine) {
        // Malformed UTF-8 becomes U+FFFD: a stray byte in a log line must not reject a report.
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.maxLine = maxLine;
    }

    /** The next line without its terminator (and without a trailing CR), or null at the end. */
    String next() throws IOException, ReportException {
        StringBuilder sb = null;
        while (true) {
            if (pos >= limit) {
                if (!fill()) {
                    if (sb == null) {
                        return null;
                    }
                    return finish(sb.toString());
                }
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int len = pos - start;
            long have = (sb == null ? 0 : sb.length()) + (long) len;
            if (have > maxLine) {
                throw new ReportException("line longer than " + maxLine + " characters", number + 1, 0);
            }
            if (pos < limit) {
                pos++;
                String line = sb == null
                        ? new String(buf, start, len)
                        : sb.append(buf, start, len).toString();
                return finish(line);
            }
            if (sb == null) {
                sb = new StringBuilder(Math.max(len * 2, 128));
            }
            sb.append(buf, start, len);
        }
    }

    /** 1-based number of the line {@link #next} returned last. */
    long number() {
        return number;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = reader.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private String finish(String line) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line = line.substring(0, end - 1);
        }
        return line;
    }
}
