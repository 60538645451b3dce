package io.flakelens.app.ingest;

import io.flakelens.app.s3.S3AccessException;
import io.flakelens.app.s3.S3Location;
import io.flakelens.app.s3.S3Objects;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Turns what the user named into report sources. Archives are recognised by their magic bytes,
 * not their names, like reports are; folders are walked in name order so runs are reproducible,
 * passing over hidden files and folders ({@code .pytest_cache}, say). What compressed inputs expand
 * to counts against the upload's {@link ExpansionLimits}.
 *
 * <p>An upload's file part is read like a file, from where the server holds it.
 *
 * <p>An {@code s3://} name is an object, or else a prefix read like a folder. Its objects are
 * streamed from the store when read; a zip object is first copied to a temporary file, since a zip's
 * index sits at its end, and {@link Expanded#close()} deletes those copies.
 */
public final class InputExpander {
    private InputExpander() {}

    /** A named input that could not even be opened (missing path, unreadable archive). */
    public record Problem(String label, String reason) {}

    /**
     * @param containers the folders and archives the user named, in order: each must hold a report
     * @param spooled    local copies of zip objects and uploaded zips, deleted by {@link #close()} once the sources are read
     */
    public record Expanded(
            List<ReportSource> sources,
            List<Problem> problems,
            List<String> containers,
            Expansion expansion,
            List<Path> spooled)
            implements AutoCloseable {
        @Override
        public void close() {
            for (Path p : spooled) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary file the system cleans up in time
                }
            }
        }
    }

    public static Expanded expand(List<Path> inputs) {
        return expand(inputs, ExpansionLimits.defaults());
    }

    public static Expanded expand(List<Path> inputs, ExpansionLimits limits) {
        return expand(NamedInput.local(inputs), limits, null);
    }

    /** @param store reads the {@code s3://} inputs; may be null when there are none */
    public static Expanded expand(List<NamedInput> inputs, ExpansionLimits limits, S3Objects store) {
        Builder b = new Builder(new Expansion(limits));
        for (NamedInput input : inputs) {
            if (input instanceof NamedInput.Received part) {
                b.addReceived(part);
                continue;
            }
            if (input instanceof NamedInput.InBucket remote) {
                if (store == null) {
                    b.problems.add(new Problem(remote.label(), "s3:// inputs are not read here"));
                } else {
                    b.addRemote(store, remote.location());
                }
                continue;
            }
            Path p = ((NamedInput.Local) input).path();
            if (!Files.exists(p)) {
                b.problems.add(new Problem(p.toString(), "no such file or folder"));
            } else if (Files.isDirectory(p)) {
                b.containers.add(p.toString());
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> files = walk.filter(Files::isRegularFile)
                            .filter(f -> !hidden(p.relativize(f)))
                            .sorted(Comparator.comparing(Path::toString))
                            .toList();
                    for (Path f : files) {
                        b.addFile(f, p.toString(), false);
                    }
                } catch (IOException e) {
                    b.problems.add(new Problem(p.toString(), "cannot list folder: " + e.getMessage()));
                }
            } else {
                b.addFile(p, p.toString(), true);
            }
        }
        return new Expanded(b.out, b.problems, b.containers, b.expansion, b.spooled);
    }

    /** A dot file, or anything under a dot folder, below the folder named. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** An entry named like a dot file, or inside a dot folder, of an archive. */
    private static boolean hiddenEntry(String name) {
        for (String part : name.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static final class Builder {
        final Expansion expansion;
        final List<ReportSource> out = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final List<String> containers = new ArrayList<>();
        final List<Path> spooled = new ArrayList<>();
        int compressed;

        Builder(Expansion expansion) {
            this.expansion = expansion;
        }

        void addFile(Path f, String origin, boolean named) {
            byte[] magic = new byte[4];
            int n;
            try (InputStream in = Files.newInputStream(f)) {
                n = in.readNBytes(magic, 0, 4);
            } catch (IOException e) {
                problems.add(new Problem(f.toString(), "cannot read: " + e.getMessage()));
                return;
            }
            addSniffed(f.toString(), magic, n, () -> Files.newInputStream(f), size(f), origin, named, () -> f);
        }

        /**
         * A part of an upload, told apart by its first bytes like a file: a zip is copied to a
         * temporary file, anything else is read from the part itself.
         */
        void addReceived(NamedInput.Received part) {
            String label = part.label();
            byte[] magic;
            try (InputStream in = part.opener().open()) {
                magic = in.readNBytes(4);
            } catch (IOException e) {
                problems.add(new Problem(label, "cannot read: " + e.getMessage()));
                return;
            }
            addSniffed(
                    label,
                    magic,
                    magic.length,
                    part.opener(),
                    part.size(),
                    label,
                    true,
                    () -> copy("flakelens-upload-", c -> {
                        try (InputStream in = part.opener().open()) {
                            Files.copy(in, c, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }));
        }

        /**
         * One input told apart by its first bytes: a zip is read as an archive from a local file (a
         * zip's index sits at its end, so a stream is copied first), gzip is unpacked as it is read,
         * anything else is read as it is.
         */
        private void addSniffed(
                String label,
                byte[] magic,
                int n,
                ReportSource.Opener open,
                long size,
                String origin,
                boolean named,
                LocalZip local) {
            if (zip(magic, n)) {
                Path f;
                try {
                    f = local.path();
                } catch (S3AccessException e) {
                    problems.add(new Problem(label, e.reason()));
                    return;
                } catch (IOException e) {
                    problems.add(new Problem(label, "cannot make a temporary copy: " + e.getMessage()));
                    return;
                }
                if (named) {
                    containers.add(label);
                }
                addZip(f, label, named ? label : origin);
            } else if (gzip(magic, n)) {
                int input = compressed++;
                out.add(new ReportSource(
                        label, () -> expansion.limit(gunzip(open.open()), input, label, size), size, origin, named));
            } else {
                out.add(new ReportSource(label, open, size, origin, named));
            }
        }

        /** A temporary zip file, filled by {@code fill} and deleted when the expansion is closed. */
        private Path copy(String prefix, Fill fill) throws IOException {
            Path copy = Files.createTempFile(prefix, ".zip");
            spooled.add(copy);
            fill.into(copy);
            return copy;
        }

        /** @param shown the archive as the user knows it: its path, or its s3:// name when {@code f} is a copy */
        private void addZip(Path f, String shown, String origin) {
            try (ZipFile zip = new ZipFile(f.toFile())) {
                List<String> names = new ArrayList<>();
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (!e.isDirectory() && !hiddenEntry(e.getName())) {
                        names.add(e.getName());
                    }
                }
                names.sort(null);
                for (String name : names) {
                    ZipEntry e = zip.getEntry(name);
                    long compressedSize = e.getCompressedSize();
                    String label = shown + "!/" + name;
                    int input = compressed++;
                    out.add(new ReportSource(
                            label,
                            () -> expansion.limit(openEntry(f, name), input, label, compressedSize),
                            e.getSize(),
                            origin,
                            false));
                }
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(shown, "unreadable zip archive: " + e.getMessage()));
            }
        }

        /** An object, else a prefix: as a file, else a folder. */
        void addRemote(S3Objects store, S3Location named) {
            String label = named.toString();
            S3AccessException headFailed = null;
            if (!named.isPrefix()) {
                try {
                    long size = store.size(named);
                    if (size >= 0) {
                        addObject(store, named, size, label, true);
                        return;
                    }
                } catch (S3AccessException e) {
                    // a store may refuse HEAD where a listing says more (the error code, a missing bucket)
                    headFailed = e;
                }
            }
            S3Location prefix = named.asPrefix();
            List<S3Objects.Listed> objects;
            try {
                objects = store.list(prefix).stream()
                        .filter(o -> !hiddenEntry(
                                o.location().key().substring(prefix.key().length())))
                        .sorted(Comparator.comparing(o -> o.location().key()))
                        .toList();
            } catch (S3AccessException e) {
                problems.add(new Problem(label, e.reason()));
                return;
            }
            if (objects.isEmpty()) {
                problems.add(new Problem(
                        label,
                        headFailed != null
                                ? headFailed.reason()
                                : named.isPrefix()
                                        ? "no object under it"
                                        : "no such object, and no object under " + prefix));
                return;
            }
            containers.add(label);
            for (S3Objects.Listed o : objects) {
                if (!o.location().key().endsWith("/")) {
                    addObject(store, o.location(), o.size(), label, false);
                }
            }
        }

        /**
         * One object, told apart by its first bytes like a file: a zip is copied to disk and read as an
         * archive; anything else is streamed from the store each time it is read.
         */
        private void addObject(S3Objects store, S3Location object, long size, String origin, boolean named) {
            String label = object.toString();
            byte[] magic;
            try {
                magic = size == 0 ? new byte[0] : store.head(object, 4);
            } catch (S3AccessException e) {
                problems.add(new Problem(label, e.reason()));
                return;
            }
            addSniffed(
                    label,
                    magic,
                    magic.length,
                    () -> store.open(object),
                    size,
                    origin,
                    named,
                    () -> copy("flakelens-s3-", c -> store.download(object, c)));
        }
    }

    /** Where a zip input is read as an archive: the input's own file, or a copy made when it is needed. */
    private interface LocalZip {
        Path path() throws IOException;
    }

    private interface Fill {
        void into(Path file) throws IOException;
    }

    private static boolean zip(byte[] magic, int n) {
        return n >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }

    private static boolean gzip(byte[] magic, int n) {
        return n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    /** Opens one entry; the archive closes with the stream. Gzipped entries are unpacked too. */
    private static InputStream openEntry(Path zipPath, String name) throws IOException {
        ZipFile zip = new ZipFile(zipPath.toFile());
        ZipEntry e = zip.getEntry(name);
        InputStream raw = new BufferedInputStream(zip.getInputStream(e), 1 << 16) {
            @Override
            public void close() throws IOException {
                super.close();
                zip.close();
            }
        };
        raw.mark(2);
        int a = raw.read();
        int b = raw.read();
        raw.reset();
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** A gzip stream over an object's body; a bad header closes (and so aborts) the body. */
    private static InputStream gunzip(InputStream body) throws IOException {
        try {
            return new GZIPInputStream(body, 1 << 16);
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }
}
