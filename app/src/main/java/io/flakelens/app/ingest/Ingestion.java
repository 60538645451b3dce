package io.flakelens.app.ingest;

import io.flakelens.core.model.Run;
import io.flakelens.store.Database;
import io.flakelens.store.FileCounts;
import io.flakelens.store.IngestSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ingest pipeline: expand -> digest and sniff -> skip what is already stored -> parse into the
 * session -> commit. A file that fails rejects itself with its path, line and cause; the rest of
 * the batch lands.
 */
public final class Ingestion implements AutoCloseable {
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

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flakelens-parse");
        t.setDaemon(true);
        return t;
    });
    private final ParseStage stage = new ParseStage(executor);

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
        Run fromEnv = CiEnvironment.detect(env);
        List<String> digests = new ArrayList<>();
        if (!flags.namesRun(fromEnv)) {
            // Only a run without an id needs every digest before the first file is stored.
            for (ReportSource s : ex.sources()) {
                try {
                    digests.add(digest(s));
                } catch (IOException e) {
                    digests.add("unreadable:" + s.label());
                }
            }
        }
        Run run = flags.resolve(fromEnv, digests);
        try (IngestSession session = new IngestSession(db)) {
            listener.planned(ex.sources().size(), ex.sources().stream().mapToLong(s -> Math.max(0, s.size())).sum());
            Window window = new Window(session, results);
            for (ReportSource s : ex.sources()) {
                window.offer(run, s);
            }
            window.finishAll();
            session.commit();
            return new Summary(session.committedRuns(), session.committedResults(), results);
        }
    }

    /** Ingests every run a manifest lists. */
    public Summary ingestManifest(Path manifest) throws IOException {
        List<FileResult> results = new ArrayList<>();
        try (IngestSession session = new IngestSession(db)) {
            Window window = new Window(session, results);
            Manifest.read(manifest, new Manifest.Visitor() {
                @Override
                public void entry(Manifest.Entry e) {
                    InputExpander.Expanded ex = InputExpander.expand(e.reports());
                    for (InputExpander.Problem p : ex.problems()) {
                        window.finishAll();
                        results.add(FileResult.rejected(p.label(), null, p.label() + ": " + p.reason()));
                    }
                    for (ReportSource s : ex.sources()) {
                        window.offer(e.run(), s);
                    }
                }

                @Override
                public void problem(Manifest.Problem p) {
                    window.finishAll();
                    results.add(FileResult.rejected(manifest + ":" + p.line(), null,
                            manifest + ":" + p.line() + ": " + p.reason()));
                }
            });
            window.finishAll();
            session.commit();
            return new Summary(session.committedRuns(), session.committedResults(), results);
        }
    }

    private static String digest(ReportSource s) throws IOException {
        MessageDigest md = ParseStage.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = s.open()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Files in flight, in order: each is submitted to the parse thread on arrival and written when
     * it reaches the head, so results keep the input order while parsing runs ahead.
     */
    private final class Window {
        /**
         * Files the parse thread may read ahead of the writer, so it keeps going while the writer is in a
         * commit. Memory stays bounded: each file hands over at most 16 batches of 256 cases at a time.
         */
        private static final int LOOKAHEAD = 8;

        private record Job(Run run, ReportSource source, ParseStage.Pending pending) {
        }

        private final ArrayDeque<Job> jobs = new ArrayDeque<>();
        private final IngestSession session;
        private final List<FileResult> results;

        Window(IngestSession session, List<FileResult> results) {
            this.session = session;
            this.results = results;
        }

        void offer(Run run, ReportSource source) {
            jobs.add(new Job(run, source, stage.submit(source)));
            if (jobs.size() > LOOKAHEAD) {
                finishOne();
            }
        }

        void finishAll() {
            while (!jobs.isEmpty()) {
                finishOne();
            }
        }

        private void finishOne() {
            Job j = jobs.poll();
            FileResult r = ingestOne(session, j.run(), j.source(), j.pending());
            results.add(r);
            listener.finished(r, Math.max(0, j.source().size()));
        }
    }

    private FileResult ingestOne(IngestSession session, Run run, ReportSource source, ParseStage.Pending pending) {
        String label = source.label();
        IngestSession.ReportWriter w = session.begin(run, label, null, null);
        ParseStage.Outcome o;
        try {
            o = stage.drain(pending, w::accept);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.reject();
            throw new IllegalStateException("ingest interrupted", e);
        }
        String format = o.parser() == null ? null : o.parser().format();
        if (o.empty()) {
            w.reject();
            return FileResult.rejected(label, null, label + ": empty file");
        }
        if (o.parser() == null && o.error() == null && o.ioError() == null && o.bug() == null) {
            w.reject();
            return FileResult.rejected(label, null, label + ":1:1: " + (o.binary()
                    ? "binary content, not a test report"
                    : "not a known report format (JUnit XML, go test2json, NUnit, xUnit.net, TRX, TAP, Cockpit JSON)"));
        }
        if (o.error() != null) {
            w.reject();
            return FileResult.rejected(label, format, o.error().describe(label));
        }
        if (o.ioError() != null) {
            w.reject();
            return FileResult.rejected(label, format, label + ": cannot read: " + o.ioError().getMessage());
        }
        if (o.bug() != null) {
            // A parser bug must cost this file only, never the batch.
            w.reject();
            return FileResult.rejected(label, format, label + ": could not be read (" + o.bug() + ")");
        }
        if (session.alreadyIngested(run, o.digest())) {
            w.reject();
            return FileResult.skipped(label, format);
        }
        w.identify(format, o.digest());
        return FileResult.ingested(label, format, w.done());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

}
