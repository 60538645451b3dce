package io.flakelens.app.ingest;

import io.flakelens.core.ingest.FormatSniffer;
import io.flakelens.core.ingest.ReportException;
import io.flakelens.core.ingest.ReportParser;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;

/**
 * Reads one report on a second thread while the caller writes what it already read: sniffs the
 * format, parses, and digests the bytes on the way, handing cases over in small batches through a
 * bounded queue (so memory stays bounded however large the report). Parsing and storing each take
 * about half of ingest's time, so overlapping them nearly halves it on two cores.
 */
final class ParseStage {
    private static final int BATCH = 256;
    private static final Object[] END = new Object[0];

    /** What the parse thread found: the format (null when unknown), the digest, and any failure. */
    record Outcome(
            ReportParser parser,
            String digest,
            boolean empty,
            boolean binary,
            ReportException error,
            IOException ioError,
            RuntimeException bug) {}

    interface Consumer {
        /** @param testKey the test's stable key, hashed on the parse thread to spare the writer */
        void accept(TestCase tc, Run run, long testKey);
    }

    private final ExecutorService executor;

    ParseStage(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * A report being read ahead: the parse thread takes submitted reports in order and moves on to
     * the next as soon as one is read, so it never idles while the writer finishes a file.
     */
    static final class Pending {
        private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(16);
        private volatile Outcome result;
    }

    Pending submit(ReportSource source) {
        Pending p = new Pending();
        executor.execute(() -> {
            p.result = parse(source, p.queue);
            put(p.queue, END);
        });
        return p;
    }

    /** Hands the report's cases to the consumer as they arrive; returns what the parse found. */
    Outcome drain(Pending p, Consumer consumer) throws InterruptedException {
        BlockingQueue<Object[]> queue = p.queue;
        RuntimeException failed = null;
        while (true) {
            Object[] batch = queue.take();
            if (batch == END) {
                break;
            }
            // After a failure keep draining, or the parse thread would block on a full queue forever.
            for (int i = 0; i < batch.length && failed == null; i += 3) {
                if (batch[i] == null) {
                    break;
                }
                try {
                    consumer.accept((TestCase) batch[i], (Run) batch[i + 1], (Long) batch[i + 2]);
                } catch (RuntimeException e) {
                    failed = e;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        // the queue's hand-over orders the write of result before this read
        return p.result;
    }

    private static Outcome parse(ReportSource source, BlockingQueue<Object[]> queue) {
        MessageDigest md = sha256();
        ReportParser parser = null;
        Object[][] batch = {new Object[BATCH * 3]};
        int[] n = {0};
        Outcome out;
        SourcePosition[] position = {null};
        try (InputStream raw = source.open();
                SourcePosition at = new SourcePosition(raw);
                DigestInputStream in = new DigestInputStream(new BufferedInputStream(at, 1 << 16), md)) {
            position[0] = at;
            in.mark(FormatSniffer.HEAD);
            byte[] head = in.readNBytes(FormatSniffer.HEAD);
            in.reset();
            if (head.length == 0) {
                out = new Outcome(null, hex(md), true, false, null, null, null);
            } else {
                parser = FormatSniffer.sniff(head, head.length).orElse(null);
                if (parser == null) {
                    out = new Outcome(null, null, false, binary(head), null, null, null);
                } else {
                    // the mark/reset re-reads the head: digest only from the real read below
                    md.reset();
                    parser.parse(in, (tc, run) -> {
                        batch[0][n[0]++] = tc;
                        batch[0][n[0]++] = run;
                        batch[0][n[0]++] = tc.id().key();
                        if (n[0] == batch[0].length) {
                            put(queue, batch[0]);
                            batch[0] = new Object[BATCH * 3];
                            n[0] = 0;
                        }
                    });
                    // a parser may stop at the root's end tag: digest the rest too (skip would bypass it)
                    byte[] rest = new byte[1 << 14];
                    while (in.read(rest) >= 0) {
                        // reading is digesting
                    }
                    out = new Outcome(parser, hex(md), false, false, null, null, null);
                }
            }
        } catch (ReportException e) {
            out = new Outcome(parser, null, false, false, e, null, null);
        } catch (IOException e) {
            out = new Outcome(parser, null, false, false, null, e, null);
        } catch (RuntimeException e) {
            out = new Outcome(parser, null, false, false, null, null, e);
        }
        if (n[0] > 0) {
            put(queue, batch[0]);
        }
        return precise(source, out, position[0]);
    }

    /**
     * A failure of the bytes themselves, said with its place: a compressed stream that ends early
     * (where the parser would only see its input stop), or bytes that are not UTF-8 (which the XML
     * reader names by byte offset only).
     */
    private static Outcome precise(ReportSource source, Outcome out, SourcePosition position) {
        Throwable fault = out.error() != null ? out.error() : out.ioError() != null ? out.ioError() : out.bug();
        if (fault == null) {
            return out;
        }
        ReportException better = position == null ? null : position.readFailure();
        if (better == null && SourcePosition.utf8Fault(fault)) {
            try (InputStream in = source.open()) {
                better = SourcePosition.firstInvalidUtf8(in);
            } catch (IOException e) {
                // keep what the parser said
            }
        }
        return better == null ? out : new Outcome(out.parser(), null, false, false, better, null, null);
    }

    private static void put(BlockingQueue<Object[]> q, Object[] batch) {
        try {
            q.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ingest interrupted", e);
        }
    }

    private static boolean binary(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
