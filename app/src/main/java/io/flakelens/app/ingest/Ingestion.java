package io.flakelens.app.ingest;

import io.flakelens.core.ingest.FormatSniffer;
import io.flakelens.core.ingest.ReportException;
import io.flakelens.core.ingest.ReportParser;
import io.flakelens.core.model.Run;
import io.flakelens.store.Database;
import io.flakelens.store.FileCounts;
import io.flakelens.store.IngestSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest pipeline: expand -> digest and sniff -> skip what is already stored -> parse into the
 * session -> commit. A file that fails rejects itself with its path, line and cause; the rest of
 * the batch lands.
 */
public final class Ingestion {
    /** Told about each file as it finishes, for progress bars. */
    public interface Listener {
        void planned(long files, long bytes);

        void finished(FileResult file, long bytes);
    }

    public static final Listener QUIET = new Listener() {
        @Override
        public void planned(long files, long bytes) {
        }

        @Override
        public void finished(FileResult file, long bytes) {
        }
    };

    public record FileResult(String path, String format, String status, int testcases, int passed, int failures,
                             int errors, int skipped, int flaky, String error) {
        static FileResult rejected(String path, String format, String error) {
            return new FileResult(path, format, "rejected", 0, 0, 0, 0, 0, 0, error);
        }

        static FileResult skipped(String path, String format) {
            return new FileResult(path, format, "skipped", 0, 0, 0, 0, 0, 0, "already ingested for this run");
        }

        static FileResult ingested(String path, String format, FileCounts c) {
            return new FileResult(path, format, "ingested", c.testcases(), c.passed(), c.failures(), c.errors(),
                    c.skipped(), c.flaky(), null);
        }
    }

    public record Summary(long runs, long results, List<FileResult> files) {
        public boolean anyRejected() {
            return files.stream().anyMatch(f -> f.status().equals("rejected"));
        }
    }

    private final Database db;
    private final Listener listener;
    private final Map<String, String> env;

    public Ingestion(Database db, Listener listener, Map<String, String> env) {
        this.db = db;
        this.listener = listener;
        this.env = env;
    }

    /**
     * Ingests the inputs as one run. {@code flags} holds what the user said (null fields fill from the
     * CI environment); with no run id anywhere, the id is derived from the reports' digests so that
     * ingesting the same reports again finds the same run.
     */
    public Summary ingest(RunFlags flags, List<Path> inputs) {
        InputExpander.Expanded ex = InputExpander.expand(inputs);
        List<FileResult> results = new ArrayList<>();
        for (InputExpander.Problem p : ex.problems()) {
            results.add(FileResult.rejected(p.label(), null, p.label() + ": " + p.reason()));
        }
        List<Digested> digested = digestAll(ex.sources(), results);
        Run run = flags.resolve(CiEnvironment.detect(env), digested.stream().map(Digested::digest).toList());
        try (IngestSession session = new IngestSession(db)) {
            listener.planned(digested.size(), digested.stream().mapToLong(d -> Math.max(0, d.source().size())).sum());
            for (Digested d : digested) {
                FileResult r = ingestOne(session, run, d);
                results.add(r);
                listener.finished(r, Math.max(0, d.source().size()));
            }
            session.commit();
            return new Summary(session.committedRuns(), session.committedResults(), results);
        }
    }

    /** Ingests every run a manifest lists. */
    public Summary ingestManifest(Path manifest) throws IOException {
        List<FileResult> results = new ArrayList<>();
        try (IngestSession session = new IngestSession(db)) {
            Manifest.read(manifest, new Manifest.Visitor() {
                @Override
                public void entry(Manifest.Entry e) {
                    InputExpander.Expanded ex = InputExpander.expand(e.reports());
                    for (InputExpander.Problem p : ex.problems()) {
                        results.add(FileResult.rejected(p.label(), null, p.label() + ": " + p.reason()));
                    }
                    for (Digested d : digestAll(ex.sources(), results)) {
                        FileResult r = ingestOne(session, e.run(), d);
                        results.add(r);
                        listener.finished(r, Math.max(0, d.source().size()));
                    }
                }

                @Override
                public void problem(Manifest.Problem p) {
                    results.add(FileResult.rejected(manifest + ":" + p.line(), null,
                            manifest + ":" + p.line() + ": " + p.reason()));
                }
            });
            session.commit();
            return new Summary(session.committedRuns(), session.committedResults(), results);
        }
    }

    private record Digested(ReportSource source, String digest, byte[] head, int headLength) {
    }

    private static List<Digested> digestAll(List<ReportSource> sources, List<FileResult> rejected) {
        List<Digested> out = new ArrayList<>(sources.size());
        for (ReportSource s : sources) {
            try {
                out.add(digest(s));
            } catch (IOException e) {
                rejected.add(FileResult.rejected(s.label(), null, s.label() + ": cannot read: " + e.getMessage()));
            }
        }
        return out;
    }

    private static Digested digest(ReportSource s) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] head = new byte[FormatSniffer.HEAD];
        int headLength = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = s.open()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (headLength < head.length) {
                    int k = Math.min(n, head.length - headLength);
                    System.arraycopy(buf, 0, head, headLength, k);
                    headLength += k;
                }
                md.update(buf, 0, n);
            }
        }
        return new Digested(s, HexFormat.of().formatHex(md.digest()), head, headLength);
    }

    private static FileResult ingestOne(IngestSession session, Run run, Digested d) {
        String label = d.source().label();
        if (d.headLength() == 0) {
            return FileResult.rejected(label, null, label + ": empty file");
        }
        Optional<ReportParser> parser = FormatSniffer.sniff(d.head(), d.headLength());
        if (parser.isEmpty()) {
            return FileResult.rejected(label, null, label + ":1:1: " + unknownFormat(d));
        }
        String format = parser.get().format();
        if (session.alreadyIngested(run, d.digest())) {
            return FileResult.skipped(label, format);
        }
        IngestSession.ReportWriter w = session.begin(run, label, format, d.digest());
        try (InputStream in = d.source().open()) {
            parser.get().parse(in, w::accept);
        } catch (ReportException e) {
            w.reject();
            return FileResult.rejected(label, format, e.describe(label));
        } catch (IOException e) {
            w.reject();
            return FileResult.rejected(label, format, label + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // A parser bug must cost this file only, never the batch.
            w.reject();
            return FileResult.rejected(label, format, label + ": could not be read (" + e + ")");
        }
        return FileResult.ingested(label, format, w.done());
    }

    private static String unknownFormat(Digested d) {
        for (int i = 0; i < d.headLength(); i++) {
            if (d.head()[i] == 0) {
                return "binary content, not a test report";
            }
        }
        return "not a known report format (JUnit XML, go test2json, NUnit, xUnit.net, TRX, TAP, Cockpit JSON)";
    }
}
