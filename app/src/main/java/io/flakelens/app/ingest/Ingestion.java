package io.flakelens.app.ingest;

import io.flakelens.app.s3.S3Objects;
import io.flakelens.core.model.Run;
import io.flakelens.store.ConcurrentIngestException;
import io.flakelens.store.Database;
import io.flakelens.store.FileCounts;
import io.flakelens.store.IngestSession;
import io.flakelens.store.UnstorableTextException;
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
        public void planned(long files, long bytes) {}

        @Override
        public void finished(FileResult file, long bytes) {}
    };

    public record FileResult(
            String path,
            String format,
            String status,
            int testcases,
            int passed,
            int failures,
            int errors,
            int skipped,
            int flaky,
            String error) {
        static FileResult rejected(String path, String format, String error) {
            return new FileResult(path, format, "rejected", 0, 0, 0, 0, 0, 0, error);
        }

        static FileResult ignored(String path, String why) {
            return new FileResult(path, null, "ignored", 0, 0, 0, 0, 0, 0, why);
        }

        static FileResult skipped(String path, String format) {
            return new FileResult(path, format, "skipped", 0, 0, 0, 0, 0, 0, "already ingested for this run");
        }

        static FileResult ingested(String path, String format, FileCounts c) {
            return new FileResult(
                    path,
                    format,
                    "ingested",
                    c.testcases(),
                    c.passed(),
                    c.failures(),
                    c.errors(),
                    c.skipped(),
                    c.flaky(),
                    null);
        }
    }

    /**
     * @param files every input: ingested, skipped (already stored), rejected, or ignored (a file inside a
     *              folder or archive that is not a test report, such as Surefire's .txt summaries)
     */
    public record Summary(long runs, long results, List<FileResult> files) {
        public boolean anyRejected() {
            return files.stream().anyMatch(f -> f.status().equals("rejected"));
        }
    }

    private final Database db;
    private final Listener listener;
    private final Map<String, String> env;
    private final ExpansionLimits limits;
    private final S3Objects store;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flakelens-parse");
        t.setDaemon(true);
        return t;
    });
    private final ParseStage stage = new ParseStage(executor);

    public Ingestion(Database db, Listener listener, Map<String, String> env) {
        this(db, listener, env, ExpansionLimits.defaults());
    }

    /** @param limits how far the compressed inputs of one run (one upload) may expand */
    public Ingestion(Database db, Listener listener, Map<String, String> env, ExpansionLimits limits) {
        this(db, listener, env, limits, null);
    }

    /** @param store reads {@code s3://} inputs and manifests; null where there are none (uploads to the server) */
    public Ingestion(Database db, Listener listener, Map<String, String> env, ExpansionLimits limits, S3Objects store) {
        this.db = db;
        this.listener = listener;
        this.env = env;
        this.limits = limits;
        this.store = store;
    }

    /**
     * Ingests the inputs as one run. {@code flags} holds what the user said (null fields fill from the
     * CI environment); with no run id anywhere, the id is derived from the reports' digests so that
     * ingesting the same reports again finds the same run.
     *
     * @throws ExpansionLimitException when compressed inputs expand past the limits; nothing of the
     *                                 batch is stored then
     */
    public Summary ingest(RunFlags flags, List<Path> inputs) {
        return ingestNamed(flags, NamedInput.local(inputs));
    }

    /** As {@link #ingest}, from local paths and {@code s3://} locations. */
    public Summary ingestNamed(RunFlags flags, List<NamedInput> inputs) {
        try (InputExpander.Expanded ex = InputExpander.expand(inputs, limits, store)) {
            return ingest(flags, ex);
        }
    }

    /**
     * Times an ingest meeting another writer of its run at commit starts over: each time, one of the
     * writers commits, and this one then skips what that one stored.
     */
    static final int CONCURRENT_TRIES = 5;

    private Summary ingest(RunFlags flags, InputExpander.Expanded ex) {
        for (int tried = 1; ; tried++) {
            try {
                return ingestOnce(flags, ex);
            } catch (ConcurrentIngestException e) {
                if (tried == CONCURRENT_TRIES) {
                    throw e;
                }
            }
        }
    }

    private Summary ingestOnce(RunFlags flags, InputExpander.Expanded ex) {
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
                ex.expansion().check();
            }
        }
        Run run = flags.resolve(fromEnv, digests);
        try (IngestSession session = new IngestSession(db)) {
            listener.planned(
                    ex.sources().size(),
                    ex.sources().stream().mapToLong(s -> Math.max(0, s.size())).sum());
            Window window = new Window(session, results);
            for (ReportSource s : ex.sources()) {
                window.offer(run, s, ex.expansion());
            }
            window.finishAll();
            results.addAll(empty(ex.containers(), window.byOrigin));
            session.commit();
            return new Summary(session.committedRuns(), session.committedResults(), results);
        }
    }

    /**
     * A folder or archive the user named in which nothing was a report is refused: a typo'd path or
     * a step that wrote its reports elsewhere must not pass as success.
     */
    private static List<FileResult> empty(List<String> containers, Map<String, int[]> byOrigin) {
        List<FileResult> out = new ArrayList<>();
        for (String container : containers) {
            int[] n = byOrigin.getOrDefault(container, new int[2]);
            if (n[0] == 0) {
                out.add(FileResult.rejected(
                        container,
                        null,
                        container + ": no test report in it ("
                                + (n[1] == 0 ? "no files" : n[1] + (n[1] == 1 ? " file" : " files") + ", none a report")
                                + ")"));
            }
        }
        return out;
    }

    /**
     * Ingests every run a manifest lists; each line's reports have their own expansion limits.
     *
     * @throws ExpansionLimitException as {@link #ingest}: the ingest stops, the batch not yet committed is not stored
     */
    public Summary ingestManifest(Path manifest) throws IOException {
        return ingestManifest(new NamedInput.Local(manifest));
    }

    /**
     * As {@link #ingestManifest(Path)}, from a local or an {@code s3://} manifest; a manifest in the
     * store names its reports relative to its own key, and either kind may name {@code s3://} reports.
     */
    public Summary ingestManifest(NamedInput manifest) throws IOException {
        List<FileResult> results = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        List<InputExpander.Expanded> expanded = new ArrayList<>();
        String label = manifest.label();
        try (IngestSession session = new IngestSession(db)) {
            Window window = new Window(session, results);
            Manifest.read(manifest, store, new Manifest.Visitor() {
                @Override
                public void entry(Manifest.Entry e) {
                    InputExpander.Expanded ex = InputExpander.expand(e.reports(), limits, store);
                    if (!ex.spooled().isEmpty()) {
                        expanded.add(ex);
                    }
                    for (InputExpander.Problem p : ex.problems()) {
                        window.finishAll();
                        results.add(FileResult.rejected(p.label(), null, p.label() + ": " + p.reason()));
                    }
                    containers.addAll(ex.containers());
                    for (ReportSource s : ex.sources()) {
                        window.offer(e.run(), s, ex.expansion());
                    }
                }

                @Override
                public void problem(Manifest.Problem p) {
                    window.finishAll();
                    results.add(FileResult.rejected(
                            label + ":" + p.line(), null, label + ":" + p.line() + ": " + p.reason()));
                }
            });
            window.finishAll();
            results.addAll(empty(containers, window.byOrigin));
            session.commit();
            return new Summary(session.committedRuns(), session.committedResults(), results);
        } finally {
            expanded.forEach(InputExpander.Expanded::close);
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

        private record Job(Run run, ReportSource source, Expansion expansion, ParseStage.Pending pending) {}

        private final ArrayDeque<Job> jobs = new ArrayDeque<>();
        /** Per input the user named: how many of its files were reports, how many were ignored. */
        final Map<String, int[]> byOrigin = new java.util.HashMap<>();

        private final IngestSession session;
        private final List<FileResult> results;

        Window(IngestSession session, List<FileResult> results) {
            this.session = session;
            this.results = results;
        }

        void offer(Run run, ReportSource source, Expansion expansion) {
            jobs.add(new Job(run, source, expansion, stage.submit(source)));
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
            // Past a limit the whole upload is refused: nothing of this batch is committed.
            j.expansion().check();
            results.add(r);
            byOrigin.computeIfAbsent(j.source().origin(), k -> new int[2])[
                    r.status().equals("ignored") ? 1 : 0]++;
            listener.finished(r, Math.max(0, j.source().size()));
        }
    }

    private FileResult ingestOne(IngestSession session, Run run, ReportSource source, ParseStage.Pending pending) {
        String label = source.label();
        IngestSession.ReportWriter w;
        try {
            w = session.begin(run, label, null, null);
        } catch (UnstorableTextException e) {
            drainQuietly(pending);
            return FileResult.rejected(label, null, label + ": " + e.getMessage());
        }
        ParseStage.Outcome o;
        try {
            o = stage.drain(pending, w::accept);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.reject();
            throw new IllegalStateException("ingest interrupted", e);
        } catch (UnstorableTextException e) {
            // Text no store can keep (a NUL, say): this file is refused whole, never stored altered.
            w.reject();
            return FileResult.rejected(label, null, label + ": " + e.getMessage());
        }
        String format = o.parser() == null ? null : o.parser().format();
        if (o.empty()) {
            w.reject();
            if (!source.named() && !reportLike(label)) {
                return FileResult.ignored(label, "empty, and not named like a report");
            }
            return FileResult.rejected(label, null, label + ":1:1: empty file");
        }
        if (o.parser() == null && o.error() == null && o.ioError() == null && o.bug() == null) {
            w.reject();
            if (!source.named()) {
                // Beside the reports: Surefire's .txt summaries and -output.txt, Gradle's binary/, logs.
                return FileResult.ignored(label, o.binary() ? "binary, not a test report" : "not a test report");
            }
            return FileResult.rejected(
                    label,
                    null,
                    label + ":1:1: "
                            + (o.binary()
                                    ? "binary content, not a test report"
                                    : "not a known report format (JUnit XML, go test2json, NUnit, xUnit.net, TRX, TAP, Cockpit JSON)"));
        }
        if (o.error() != null) {
            w.reject();
            return FileResult.rejected(label, format, o.error().describe(label));
        }
        if (o.ioError() != null) {
            w.reject();
            return FileResult.rejected(
                    label, format, label + ": cannot read: " + o.ioError().getMessage());
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

    /** Names reports get; an empty file so named in a folder is a broken report, not a companion. */
    private static boolean reportLike(String label) {
        String n = label.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".xml")
                || n.endsWith(".json")
                || n.endsWith(".jsonl")
                || n.endsWith(".ndjson")
                || n.endsWith(".trx")
                || n.endsWith(".tap")
                || n.endsWith(".xml.gz")
                || n.endsWith(".json.gz");
    }

    /** Lets the parse thread finish a file whose cases are not wanted. */
    private void drainQuietly(ParseStage.Pending pending) {
        try {
            stage.drain(pending, (tc, r, key) -> {});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ingest interrupted", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
