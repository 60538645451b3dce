package io.flakelens.app.ci;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a file a report names into a path relative to the checkout, as annotations need: reports
 * often say {@code com/acme/FooTest.java} or an absolute path from the build machine. The checkout
 * is walked once (build output, dependencies and hidden folders skipped) and the longest match wins.
 */
public final class SourcePaths {
    private static final Set<String> SKIP = Set.of("target", "build", "node_modules", "vendor", "dist", "out");
    private static final int MAX_FILES = 200_000;

    private final Path root;
    private Map<String, String> byName;

    public SourcePaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The path relative to the checkout, or the path as the report gave it when nothing there matches. */
    String resolve(String file) {
        String f = file.replace('\\', '/');
        Path p = Path.of(f);
        if (p.isAbsolute() && p.normalize().startsWith(root)) {
            return root.relativize(p.normalize()).toString().replace('\\', '/');
        }
        if (!p.isAbsolute() && Files.isRegularFile(root.resolve(f))) {
            return f;
        }
        String name = f.substring(f.lastIndexOf('/') + 1);
        String best = null;
        int bestLen = -1;
        for (Map.Entry<String, String> e : index().entrySet()) {
            String rel = e.getKey();
            if (!e.getValue().equals(name)) {
                continue;
            }
            int common = commonTail(rel, f);
            if (common > bestLen) {
                best = rel;
                bestLen = common;
            }
        }
        return best != null ? best : f;
    }

    private static int commonTail(String a, String b) {
        int i = a.length() - 1;
        int j = b.length() - 1;
        while (i >= 0 && j >= 0 && a.charAt(i) == b.charAt(j)) {
            i--;
            j--;
        }
        return a.length() - 1 - i;
    }

    private Map<String, String> index() {
        if (byName != null) {
            return byName;
        }
        Map<String, String> out = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String n =
                            dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return !dir.equals(root) && (n.startsWith(".") || SKIP.contains(n))
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    out.put(
                            root.relativize(file).toString().replace('\\', '/'),
                            file.getFileName().toString());
                    return out.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // An unreadable checkout only costs the annotations their links.
        }
        byName = out;
        return out;
    }
}
