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
 * not their names, like reports are; folders are walked in name order so runs are reproducible.
 */
public final class InputExpander {
    private InputExpander() {
    }

    /** A named input that could not even be opened (missing path, unreadable archive). */
    public record Problem(String label, String reason) {
    }

    public record Expanded(List<ReportSource> sources, List<Problem> problems) {
    }

    public static Expanded expand(List<Path> inputs) {
        List<ReportSource> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                problems.add(new Problem(p.toString(), "no such file or folder"));
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> files = walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted(Comparator.comparing(Path::toString)).toList();
                    for (Path f : files) {
                        addFile(f, out, problems);
                    }
                } catch (IOException e) {
                    problems.add(new Problem(p.toString(), "cannot list folder: " + e.getMessage()));
                }
            } else {
                addFile(p, out, problems);
            }
        }
        return new Expanded(out, problems);
    }

    private static void addFile(Path f, List<ReportSource> out, List<Problem> problems) {
        byte[] magic = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(f)) {
            n = in.readNBytes(magic, 0, 4);
        } catch (IOException e) {
            problems.add(new Problem(f.toString(), "cannot read: " + e.getMessage()));
            return;
        }
        long size = size(f);
        if (n >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            addZip(f, out, problems);
        } else if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            out.add(new ReportSource(f.toString(),
                    () -> new GZIPInputStream(Files.newInputStream(f), 1 << 16), size));
        } else {
            out.add(new ReportSource(f.toString(), () -> Files.newInputStream(f), size));
        }
    }

    private static void addZip(Path f, List<ReportSource> out, List<Problem> problems) {
        try (ZipFile zip = new ZipFile(f.toFile())) {
            List<String> names = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory() && !baseName(e.getName()).startsWith(".")) {
                    names.add(e.getName());
                }
            }
            names.sort(null);
            for (String name : names) {
                long size = zip.getEntry(name).getSize();
                out.add(new ReportSource(f + "!/" + name, () -> openEntry(f, name), size));
            }
        } catch (IOException e) {
            problems.add(new Problem(f.toString(), "unreadable zip archive: " + e.getMessage()));
        }
    }

    private static String baseName(String entry) {
        int slash = entry.lastIndexOf('/');
        return slash < 0 ? entry : entry.substring(slash + 1);
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
