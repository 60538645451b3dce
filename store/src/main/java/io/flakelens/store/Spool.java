package io.flakelens.store;

import io.flakelens.core.model.StorableText;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Rows bound for one table, spooled to a CSV file until the session commits, when the database
 * bulk-loads the file inside its transaction (DuckDB's {@code read_csv}, PostgreSQL's
 * {@code COPY}). Files are ingested one after another, so a rejected file's rows are always the
 * tail of the spool: {@link #truncate} to the {@link #mark} taken when the file began drops them.
 * Disk, not heap, holds a large batch: a spool keeps its first {@link #MEMORY} bytes in memory and
 * moves to a file of the session's folder past them, or when a reader needs a file ({@link #path}).
 * Most uploads are small, and on an ordinary disk the folder and files made and removed for each
 * cost more than the rest of its ingest.
 *
 * <p>The format is fixed here, and each store reads exactly it: rows end with LF, fields are
 * separated by commas, NULL is {@code \N} unquoted. Text (the {@code VARCHAR} columns) goes in as
 * its store's reader takes it without guessing ({@link Text}), so any string round-trips: any
 * Unicode, CR, LF, quotes, commas, backslashes. Text no store can keep (a NUL, half a surrogate
 * pair) is refused with {@link UnstorableTextException}, never dropped or altered.
 */
final class Spool implements AutoCloseable {
    /** NULL is written unquoted as {@code \N}; every string is quoted, so no string reads as NULL. */
    static final String NULL = "\\N";

    /** How text columns are written. */
    enum Text {
        /**
         * Quoted CSV, quotes doubled; CR and LF stay inside the quotes. For a reader that reads a file
         * strictly in order (PostgreSQL's COPY).
         */
        QUOTED,
        /**
         * Quoted CSV with every row on one line, for a parallel reader that splits the file at
         * guessed line starts (DuckDB's read_csv): quoted line breaks made it fail the whole batch
         * ("CSV Parser state machine reached an invalid state"), or worse, depending on where they
         * fell. Text with a CR or LF goes as {@link #ENCODED} followed by the Base64 of its UTF-8,
         * which the load's SQL decodes; so does text that starts with that mark. All other text, most
         * names and messages, goes as in {@link #QUOTED}: encoding every value was a fifth of a large
         * report's ingest.
         */
        ONE_LINE;

        /** Starts a value of {@link #ONE_LINE} that is Base64; plain text never starts with it. */
        static final char ENCODED = '\u0001';
    }

    /** Bytes a spool keeps in memory before it moves to a file. */
    static final int MEMORY = Integer.getInteger("flakelens.ingest.spoolMemoryBytes", 1 << 20);

    private final Supplier<Path> dir;
    private Path path;
    private final String table;
    private final String[][] columns;
    private final boolean[] textColumn;
    private final Text text;
    private final Sink out = new Sink();
    // Rows are encoded straight into bytes here: a Writer would turn each Base64 String into chars
    // and back into bytes again, which was most of a big report's ingest time in Java.
    private final byte[] buf = new byte[1 << 16];
    private int used;
    private byte[] scratch = new byte[256];
    private final Base64.Encoder base64 = Base64.getEncoder();
    private final byte[][] outcomeCodes = new byte[128][];
    private long rows;
    private long rowBytes;
    private long longestRow;

    /**
     * @param columns name and SQL type of each column, in the order of the table and of every row
     */
    Spool(Path dir, String table, String[][] columns, Text text) throws IOException {
        this(() -> dir, table, columns, text);
    }

    /** @param dir the folder for the file, made when the spool first needs one */
    Spool(Supplier<Path> dir, String table, String[][] columns, Text text) {
        this.dir = dir;
        this.table = table;
        this.columns = columns;
        this.text = text;
        this.textColumn = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            textColumn[i] = columns[i][1].equals("VARCHAR");
        }
    }

    /** The file holding every row written, made now if the rows were in memory. */
    Path path() {
        flush();
        try {
            out.spill();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool rows of " + table + " to a file", e);
        }
        return path;
    }

    /** Reads every row written, from memory or from the file. */
    InputStream open() throws IOException {
        flush();
        return out.open();
    }

    /**
     * The spool's bytes: a growing array until {@link #MEMORY}, then a file. Written through the
     * spool's own buffer, so it sees large writes.
     */
    private final class Sink extends OutputStream {
        private byte[] buf = new byte[8192];
        private int count;
        private FileOutputStream file;
        private FileChannel channel;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (file == null && (long) count + len > MEMORY) {
                spill();
            }
            if (file != null) {
                file.write(b, off, len);
                return;
            }
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(count + len, Math.min(MEMORY, 2 * buf.length)));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        void spill() throws IOException {
            if (file != null) {
                return;
            }
            path = dir.get().resolve(table + ".csv");
            file = new FileOutputStream(path.toFile());
            channel = file.getChannel();
            file.write(buf, 0, count);
            buf = null;
            count = 0;
        }

        long position() throws IOException {
            return file == null ? count : channel.position();
        }

        void truncate(long mark) throws IOException {
            if (file == null) {
                count = (int) mark;
                return;
            }
            channel.truncate(mark);
            channel.position(mark);
        }

        InputStream open() throws IOException {
            return file == null ? new ByteArrayInputStream(buf, 0, count) : Files.newInputStream(path);
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                file.close();
            }
        }
    }

    String table() {
        return table;
    }

    String[][] columns() {
        return columns;
    }

    boolean isText(int column) {
        return textColumn[column];
    }

    long rows() {
        return rows;
    }

    /** An upper bound of the longest row's length in bytes, terminator included, since the last clear. */
    long longestRow() {
        return longestRow;
    }

    void row(Object... values) {
        if (values.length != columns.length) {
            throw new IllegalArgumentException(table + " has " + columns.length + " columns, not " + values.length);
        }
        // Checked whole before a byte is written, so a refused row leaves no half row behind.
        for (int i = 0; i < values.length; i++) {
            if (textColumn[i] && values[i] != null) {
                String problem = StorableText.problem(values[i].toString());
                if (problem != null) {
                    throw new UnstorableTextException(
                            table + "." + columns[i][0] + " holds " + problem + ", which no store can keep");
                }
            }
        }
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    put((byte) ',');
                    rowBytes++;
                }
                Object v = values[i];
                if (v == null) {
                    ascii(NULL);
                } else if (textColumn[i]) {
                    text(v.toString());
                } else if (v instanceof Long || v instanceof Integer) {
                    rowBytes += number(((Number) v).longValue());
                } else {
                    // booleans and timestamps: ASCII that needs no quoting
                    ascii(v.toString());
                }
            }
            endRow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool rows of " + table + (path == null ? "" : " to " + path), e);
        }
    }

    private void text(String s) throws IOException {
        put((byte) '"');
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (text == Text.ONE_LINE && !oneLine(utf8)) {
            int n = 4 * ((utf8.length + 2) / 3);
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, scratch.length * 2)];
            }
            int written = base64.encode(utf8, scratch);
            put((byte) Text.ENCODED);
            put(scratch, 0, written);
            rowBytes += written + 3;
        } else {
            // a quote byte never occurs inside a multi-byte UTF-8 sequence
            int from = 0;
            for (int i = 0; i < utf8.length; i++) {
                if (utf8[i] == '"') {
                    put(utf8, from, i + 1 - from);
                    put((byte) '"');
                    from = i + 1;
                    rowBytes++;
                }
            }
            put(utf8, from, utf8.length - from);
            rowBytes += utf8.length + 2;
        }
        put((byte) '"');
    }

    /** Whether {@link Text#ONE_LINE} may write the text as it is. */
    private static boolean oneLine(byte[] utf8) {
        if (utf8.length > 0 && utf8[0] == Text.ENCODED) {
            return false;
        }
        for (byte b : utf8) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        return true;
    }

    private void ascii(String s) throws IOException {
        int n = s.length();
        if (buf.length - used < n) {
            drain();
        }
        if (n > buf.length) {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
        } else {
            for (int i = 0; i < n; i++) {
                buf[used++] = (byte) s.charAt(i);
            }
        }
        rowBytes += n;
    }

    private void put(byte b) throws IOException {
        if (used == buf.length) {
            drain();
        }
        buf[used++] = b;
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (buf.length - used < len) {
            drain();
            if (len > buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, used, len);
        used += len;
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buf, 0, used);
            used = 0;
        }
    }

    private void endRow() throws IOException {
        put((byte) '\n');
        rows++;
        longestRow = Math.max(longestRow, rowBytes + 1);
        rowBytes = 0;
    }

    /**
     * The hot row of ingest, {@code result}: written without boxing or varargs, since it runs once per
     * attempt of every test. The outcome is a one-letter code, text like any other.
     */
    void resultRow(long runId, long testId, int attempt, char outcome, long durationMs) {
        try {
            if (buf.length - used < 128) {
                drain();
            }
            number(runId);
            buf[used++] = ',';
            number(testId);
            buf[used++] = ',';
            number(attempt);
            buf[used++] = ',';
            buf[used++] = '"';
            byte[] code = outcomeCode(outcome);
            System.arraycopy(code, 0, buf, used, code.length);
            used += code.length;
            buf[used++] = '"';
            buf[used++] = ',';
            if (durationMs < 0) {
                buf[used++] = '\\';
                buf[used++] = 'N';
            } else {
                number(durationMs);
            }
            buf[used++] = '\n';
            rows++;
            // five numbers of at most 20 characters, a code of at most 4, separators and quotes
            longestRow = Math.max(longestRow, 5 * 20 + 4 + 7);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool rows of " + table + (path == null ? "" : " to " + path), e);
        }
    }

    private byte[] outcomeCode(char outcome) {
        if (outcome >= outcomeCodes.length || outcome == '"' || outcome == 0) {
            throw new IllegalArgumentException("outcome codes are plain ASCII letters, not " + (int) outcome);
        }
        byte[] code = outcomeCodes[outcome];
        if (code == null) {
            byte[] s = String.valueOf(outcome).getBytes(StandardCharsets.US_ASCII);
            code = s;
            outcomeCodes[outcome] = code;
        }
        return code;
    }

    /** Writes {@code v} in decimal, with room for it (at most 20 bytes); returns the bytes written. */
    private int number(long v) throws IOException {
        if (buf.length - used < 20) {
            drain();
        }
        if (v == Long.MIN_VALUE) {
            byte[] b = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, buf, used, b.length);
            used += b.length;
            return b.length;
        }
        int start = used;
        if (v < 0) {
            buf[used++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = used + digits;
        for (int i = end - 1; i >= used; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        used = end;
        return used - start;
    }

    /** A position to come back to; pair it with the row count at the same moment. */
    long mark() {
        try {
            drain();
            return out.position();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool rows of " + table + (path == null ? "" : " to " + path), e);
        }
    }

    /** Drops what was written after {@code mark}, a half-written row included. */
    void truncate(long mark, long rowsAtMark) {
        try {
            drain();
            out.truncate(mark);
            rows = rowsAtMark;
            rowBytes = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop spooled rows of " + table, e);
        }
    }

    /** Makes everything written visible to a reader of the file. */
    void flush() {
        mark();
    }

    void clear() {
        truncate(0, 0);
        longestRow = 0;
    }

    @Override
    public void close() throws IOException {
        used = 0;
        out.close();
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }
}
