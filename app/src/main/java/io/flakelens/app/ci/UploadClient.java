package io.flakelens.app.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The client of {@code POST /api/v1/runs}: the reports zipped into one part (a zip the user names is
 * sent as it is), the run metadata as form fields. The body is written to a temporary file once, so
 * a retry re-sends the same bytes; the server skips what it stored on an earlier try.
 */
public final class UploadClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** What the server said; {@code reply} is the JSON of {@code ingest --format json}. */
    public record Outcome(int status, JsonNode reply, int attempts) {
        public long count(String status) {
            long n = 0;
            for (JsonNode f : reply.path("files")) {
                if (f.path("status").asText().equals(status)) {
                    n++;
                }
            }
            return n;
        }
    }

    private final ServerClient client;

    public UploadClient(ServerClient client) {
        this.client = client;
    }

    /**
     * @throws IllegalArgumentException when an input does not exist or holds no file
     * @throws ServerRefused            when the server refuses the upload (401, 413, 400 with nothing stored ...)
     */
    public Outcome upload(List<Path> inputs, Map<String, String> fields)
            throws IOException, ServerUnreachable, ServerRefused {
        Path body = Files.createTempFile("flakelens-upload-", ".multipart");
        try {
            String boundary = "flakelens-" + UUID.randomUUID();
            write(body, boundary, inputs, fields);
            ServerClient.Reply r = client.send(
                    "POST",
                    "/api/v1/runs",
                    "multipart/form-data; boundary=" + boundary,
                    () -> {
                        try {
                            return HttpRequest.BodyPublishers.ofFile(body);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    TIMEOUT);
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            if (r.status() == 200 || r.status() == 400 && json != null && json.has("files")) {
                return new Outcome(r.status(), json, r.attempts());
            }
            String hint = r.status() == 401
                    ? (client.hasToken()
                            ? " (is FLAKELENS_TOKEN a valid token of this server?)"
                            : " (set FLAKELENS_TOKEN to a token made by flakelens token create)")
                    : "";
            throw new ServerRefused(
                    r.status(),
                    "the server refused the upload: " + r.status() + " " + ServerClient.error(r.body()) + hint);
        } finally {
            Files.deleteIfExists(body);
        }
    }

    private static void write(Path body, String boundary, List<Path> inputs, Map<String, String> fields)
            throws IOException {
        List<Path> zips = new ArrayList<>();
        List<Path[]> files = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                throw new IllegalArgumentException(in + ": no such file or folder");
            }
            if (Files.isDirectory(in)) {
                try (Stream<Path> walk = Files.walk(in)) {
                    for (Path f : walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted(Comparator.comparing(Path::toString))
                            .toList()) {
                        files.add(new Path[] {f, f});
                    }
                }
            } else if (isZip(in)) {
                zips.add(in);
            } else {
                files.add(new Path[] {in, in});
            }
        }
        if (files.isEmpty() && zips.isEmpty()) {
            throw new IllegalArgumentException(inputs + ": no report files");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(body), 1 << 16)) {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                head(
                        out,
                        boundary,
                        "Content-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n"
                                + "Content-Type: text/plain; charset=UTF-8\r\n");
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            if (!files.isEmpty()) {
                head(
                        out,
                        boundary,
                        "Content-Disposition: form-data; name=\"reports\"; filename=\"reports.zip\"\r\n"
                                + "Content-Type: application/zip\r\n");
                // The zip is closed, not the body: closing a ZipOutputStream would close the stream under it.
                ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
                Set<String> used = new HashSet<>();
                for (Path[] f : files) {
                    String name = entryName(f[1]);
                    String unique = name;
                    for (int i = 2; !used.add(unique); i++) {
                        unique = i + "/" + name;
                    }
                    zip.putNextEntry(new ZipEntry(unique));
                    Files.copy(f[0], zip);
                    zip.closeEntry();
                }
                zip.close();
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            for (Path z : zips) {
                head(
                        out,
                        boundary,
                        "Content-Disposition: form-data; name=\"reports\"; filename=\""
                                + z.getFileName().toString().replace("\"", "_")
                                + "\"\r\nContent-Type: application/zip\r\n");
                Files.copy(z, out);
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void head(OutputStream out, String boundary, String headers) throws IOException {
        out.write(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The path as the user gave it, relative and without {@code ..}, so the server's reply names it recognisably. */
    static String entryName(Path p) {
        String s = p.normalize().toString().replace('\\', '/');
        while (s.startsWith("/") || s.startsWith("../")) {
            s = s.startsWith("/") ? s.substring(1) : s.substring(3);
        }
        return s.isEmpty() ? "report" : s;
    }

    private static boolean isZip(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
