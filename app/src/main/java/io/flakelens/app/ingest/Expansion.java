package io.flakelens.app.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The expansion budget of one upload: every compressed input of it reads through {@link #limit},
 * which counts what it expands to. An input read twice (digested, then parsed) counts once, at the
 * most either reading saw. Past a limit the read fails and {@link #exceeded} says why; the ingest
 * checks it after each file, so the refusal does not depend on how a parser reports a failed read.
 */
final class Expansion {
    private final ExpansionLimits limits;
    private long[] seen = new long[8];
    private long total;
    private volatile String exceeded;

    Expansion(ExpansionLimits limits) {
        this.limits = limits;
    }

    /** Why the upload is refused, or null while it is within its limits. */
    String exceeded() {
        return exceeded;
    }

    /** Throws when a limit was passed. */
    void check() {
        String why = exceeded;
        if (why != null) {
            throw new ExpansionLimitException(why);
        }
    }

    /**
     * @param input      which compressed input of the upload this is, from 0
     * @param label      its name, for the refusal
     * @param compressed its size before expanding, or -1 when unknown
     */
    InputStream limit(InputStream expanded, int input, String label, long compressed) {
        return new FilterInputStream(expanded) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // skipping expands too: read through, counting
                byte[] buf = new byte[(int) Math.min(n, 1 << 14)];
                long done = 0;
                while (done < n) {
                    int k = read(buf, 0, (int) Math.min(buf.length, n - done));
                    if (k < 0) {
                        break;
                    }
                    done += k;
                }
                return done;
            }

            private void count(int n) throws IOException {
                read += n;
                String why = add(input, read, label, compressed);
                if (why != null) {
                    throw new IOException(why);
                }
            }
        };
    }

    private synchronized String add(int input, long read, String label, long compressed) {
        if (exceeded != null) {
            return exceeded;
        }
        if (input >= seen.length) {
            seen = java.util.Arrays.copyOf(seen, Math.max(seen.length * 2, input + 1));
        }
        if (read > seen[input]) {
            total += read - seen[input];
            seen[input] = read;
        }
        if (total > limits.maxBytes()) {
            exceeded = label + ": the compressed reports of this upload expand to more than "
                    + limits.maxMegabytes() + " MB (--max-expanded-mb " + limits.maxMegabytes()
                    + "); nothing of this upload was stored. Raise the limit, or send fewer reports at a time";
        } else if (compressed > 0 && read > ExpansionLimits.RATIO_FLOOR && read > compressed * limits.maxRatio()) {
            exceeded = label + ": expands to more than " + limits.maxRatio() + " times its compressed size of "
                    + compressed + " bytes (--max-expansion-ratio " + limits.maxRatio()
                    + "), as a zip bomb does; nothing of this upload was stored. Raise the limit if the reports"
                    + " are really that repetitive";
        }
        return exceeded;
    }
}
