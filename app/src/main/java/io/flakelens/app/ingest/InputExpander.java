package io.flakelens.app.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class InputExpander {
    private InputExpander() {}

    /** A named input that could not even be opened (missing path, unreadable archive). */
    public record Problem(String label, String reason) {}

    /**
     * @param containers the folders and archives the user named, in order: each must hold a report
     */
    public record Expanded(
            List<ReportSource> sources, List<Problem> problems, List<String> containers, Expansion expansion) {}

    public static Expanded expand(List<Path> inputs) {
        return expand(inputs, ExpansionLimits.defaults());
    }

    public static Expanded expand(List<Path> inputs, ExpansionLimits limits) {
        Builder b = new Builder(new Expansion(limits));
        for (Path p : inputs) {
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
        return new Expanded(b.out, b.problems, b.containers, b.expansion);
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
            long size = size(f);
            String label = f.toString();
            if (n >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                if (named) {
                    containers.add(label);
                }
                addZip(f, named ? label : origin);
            } else if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                int input = compressed++;
                out.add(new ReportSource(
                        label,
                        () -> expansion.limit(
                                new GZIPInputStream(Files.newInputStream(f), 1 << 16), input, label, size),
                        size,
                        origin,
                        named));
            } else {
                out.add(new ReportSource(label, () -> Files.newInputStream(f), size, origin, named));
            }
        }

        private void addZip(Path f, String origin) {
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
                    String label = f + "!/" + name;
                    int input = compressed++;
                    out.add(new ReportSource(
                            label,
                            () -> expansion.limit(openEntry(f, name), input, label, compressedSize),
                            e.getSize(),
                            origin,
                            false));
                }
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(f.toString(), "unreadable zip archive: " + e.getMessage()));
            }
        }
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

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }
}
