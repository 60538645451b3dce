package io.flakelens.app.serve;

import io.flakelens.app.contract.IngestReply;
import io.flakelens.app.ingest.ExpansionLimitException;
import io.flakelens.app.ingest.ExpansionLimits;
import io.flakelens.app.ingest.Ingestion;
import io.flakelens.app.ingest.NamedInput;
import io.flakelens.app.ingest.RunFlags;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/runs}: a multipart upload of report files (or a zip) for one run, stored with
 * the same pipeline as {@code flakelens ingest}, replying with the same JSON. Parts are read where the
 * container holds them: in memory when small, in its own temporary files when large.
 */
final class UploadHandler implements Handler {
    /** The metadata part is small by nature; more is a mistake, not a report. */
    private static final int MAX_METADATA_BYTES = 64 * 1024;

    private final StoreAccess store;
    private final Auth auth;
    private final Metrics metrics;
    private final long maxBytes;
    private final ExpansionLimits expansion;
    private final DetectionJob detection;

    /**
     * @param detection told when uploads start and end (one that stored something starts a pass soon after)
     */
    UploadHandler(
            StoreAccess store,
            Auth auth,
            Metrics metrics,
            long maxBytes,
            ExpansionLimits expansion,
            DetectionJob detection) {
        this.detection = detection;
        this.store = store;
        this.auth = auth;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
        this.expansion = expansion;
    }

    @Override
    public void handle(Context ctx) throws IOException {
        auth.require(ctx);
        detection.uploadStarts();
        boolean stored = false;
        try {
            stored = receive(ctx);
        } finally {
            detection.uploadEnds(stored);
        }
    }

    /** Stores the upload and answers it; returns whether it stored anything. */
    private boolean receive(Context ctx) throws IOException {
        // Refuse by the declared length before reading a byte; chunked bodies meet the container's limit.
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        if (!ctx.isMultipartFormData()) {
            throw ApiError.badParameter(
                    "Content-Type",
                    "send multipart/form-data: report files as file parts,"
                            + " run metadata as form fields or a metadata JSON part");
        }
        Map<String, List<UploadedFile>> parts;
        Map<String, List<String>> form;
        try {
            parts = ctx.uploadedFileMap();
            form = ctx.formParamMap();
        } catch (Exception e) {
            // Jetty reports a body over the limit as "bad multipart" caused by "max length exceeded".
            throw isSizeLimit(e) ? tooLarge() : new ApiError(400, "cannot read the multipart body: " + root(e));
        }
        String metadata = form.containsKey("metadata") ? form.get("metadata").get(0) : null;
        if (metadata == null && parts.containsKey("metadata")) {
            metadata = readSmall(parts.get("metadata").get(0));
        }
        // the text fields only: the container lists file parts among the form's fields too
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>(form);
        fields.keySet().removeAll(parts.keySet());
        RunFlags flags = UploadMetadata.read(metadata, fields);
        List<NamedInput> files = received(parts);
        if (files.isEmpty()) {
            throw ApiError.badParameter("files", "no report files in the upload; send them as file parts");
        }
        Ingestion.Summary s;
        try {
            s = store.with(db -> {
                try (Ingestion ingestion = new Ingestion(db, Ingestion.QUIET, Map.of(), expansion)) {
                    // An empty environment: the server's own variables say nothing about the uploader's CI run.
                    return ingestion.ingestNamed(flags, files);
                }
            });
        } catch (ExpansionLimitException e) {
            throw new ApiError(413, e.getMessage());
        }
        List<Ingestion.FileResult> results = s.files();
        long rejected =
                results.stream().filter(f -> f.status().equals("rejected")).count();
        long reports =
                results.stream().filter(f -> !f.status().equals("ignored")).count();
        metrics.uploads.incrementAndGet();
        metrics.resultsIngested.addAndGet(s.results());
        metrics.filesRejected.addAndGet(rejected);
        int status = rejected == reports ? 400 : 200;
        Replies.json(ctx, status, IngestReply.of(s.runs(), s.results(), results));
        return s.runs() > 0 || s.results() > 0;
    }

    private ApiError tooLarge() {
        return new ApiError(
                413,
                "the upload is larger than the server's limit of " + (maxBytes / (1024 * 1024))
                        + " MB (--max-upload-mb); split it into several uploads of one run each");
    }

    private static boolean isSizeLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase();
            if (m.contains("exceed") || m.contains("too large") || m.contains("max") && m.contains("size")) {
                return true;
            }
        }
        return false;
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static String readSmall(UploadedFile f) throws IOException {
        try (InputStream in = f.content()) {
            byte[] b = in.readNBytes(MAX_METADATA_BYTES + 1);
            if (b.length > MAX_METADATA_BYTES) {
                throw ApiError.badParameter("metadata", "larger than " + MAX_METADATA_BYTES / 1024 + " KB");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /**
     * Each file part under a safe, unique name, read where the container holds it (in memory up to
     * 64 KB, most reports): no folder is made and removed for each upload.
     */
    private static List<NamedInput> received(Map<String, List<UploadedFile>> parts) {
        List<NamedInput> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, List<UploadedFile>> e : parts.entrySet()) {
            if (e.getKey().equals("metadata")) {
                continue;
            }
            for (UploadedFile f : e.getValue()) {
                String name = safeName(f.filename());
                String unique = name;
                for (int i = 2; !used.add(unique); i++) {
                    unique = i + "-" + name;
                }
                out.add(new NamedInput.Received(unique, f::content, f.size()));
            }
        }
        return out;
    }

    static String safeName(String filename) {
        String n = filename == null ? "" : filename;
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[^A-Za-z0-9._-]", "_");
        if (n.isEmpty() || n.chars().allMatch(c -> c == '.')) {
            n = "upload";
        }
        return n;
    }
}
