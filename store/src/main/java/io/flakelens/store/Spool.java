package io.flakelens.store;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rows bound for one table, spooled to a CSV file until the session commits, when the database
 * bulk-loads the file inside its transaction (DuckDB's {@code read_csv}, PostgreSQL's
 * {@code COPY}). Files are ingested one after another, so a rejected file's rows are always the
 * tail of the spool: {@link #truncate} to the {@link #mark} taken when the file began drops them.
 * Disk, not heap, holds a large batch.
 */
final class Spool implements AutoCloseable {
    /** NULL is written unquoted as {@code \N}; every string is quoted, so no string reads as NULL. */
    static final String NULL = "\\N";

    private final Path path;
    private final FileOutputStream out;
    private final FileChannel channel;
    private final Writer writer;
    private long rows;

    Spool(Path dir, String table) throws IOException {
        this.path = dir.resolve(table + ".csv");
        this.out = new FileOutputStream(path.toFile());
        this.channel = out.getChannel();
        this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    Path path() {
        return path;
    }

    long rows() {
        return rows;
    }

    void row(Object... values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    writer.write(',');
                }
                Object v = values[i];
                if (v == null) {
                    writer.write(NULL);
                } else if (v instanceof String s) {
                    quote(s);
                } else {
                    writer.write(v.toString());
                }
            }
            writer.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool rows to " + path, e);
        }
    }

    private void quote(String s) throws IOException {
        writer.write('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Quotes double in CSV; NUL is dropped because PostgreSQL text cannot hold it.
            if (c == '"' || c == 0) {
                writer.write(s, from, i - from);
                if (c == '"') {
                    writer.write("\"\"");
                }
                from = i + 1;
            }
        }
        writer.write(s, from, s.length() - from);
        writer.write('"');
    }

    private final char[] digits = new char[20];

    /**
     * The hot row of ingest, {@code result}: written without boxing or varargs, since it runs once per
     * attempt of every test.
     */
    void resultRow(long runId, long testId, int attempt, char outcome, long durationMs) {
        try {
            number(runId);
            writer.write(',');
            number(testId);
            writer.write(',');
            number(attempt);
            writer.write(",\"");
            writer.write(outcome);
            writer.write("\",");
            if (durationMs < 0) {
                writer.write(NULL);
            } else {
                number(durationMs);
            }
            writer.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool rows to " + path, e);
        }
    }

    private void number(long v) throws IOException {
        if (v < 0) {
            writer.write(Long.toString(v));
            return;
        }
        int i = digits.length;
        do {
            digits[--i] = (char) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        writer.write(digits, i, digits.length - i);
    }

    /** A position to come back to; pair it with the row count at the same moment. */
    long mark() {
        try {
            writer.flush();
            return channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool rows to " + path, e);
        }
    }

    void truncate(long mark, long rowsAtMark) {
        try {
            writer.flush();
            channel.truncate(mark);
            channel.position(mark);
            rows = rowsAtMark;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop spooled rows of " + path, e);
        }
    }

    /** Makes everything written visible to a reader of the file. */
    void flush() {
        mark();
    }

    void clear() {
        truncate(0, 0);
    }

    @Override
    public void close() throws IOException {
        writer.close();
        Files.deleteIfExists(path);
    }
}
