package io.flakelens.core.quarantine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Scans a source tree for muted tests: picks the test files of each language, reads what naming
 * needs from the tree (go.mod module paths, pytest's rootdir, package.json roots), parses the files
 * in parallel, and connects Python fixtures to their tests. A file that is binary, too large, not
 * UTF-8 or not parsable is skipped with a warning naming it; the scan goes on.
 */
public final class QuarantineScanner {
    /** Test sources are small; a larger file is generated or vendored data, not worth a parse. */
    public static final long DEFAULT_MAX_BYTES = 2L << 20;

    private final Markers markers;
    private final List<PathMatcher> globs;
    private final long maxBytes;

    public QuarantineScanner(Markers markers, List<String> pathGlobs, long maxBytes) {
        this.markers = markers;
        List<PathMatcher> g = new ArrayList<>();
        for (String glob : pathGlobs) {
            g.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
        this.globs = List.copyOf(g);
        this.maxBytes = maxBytes;
    }

    public QuarantineScanner(Markers markers) {
        this(markers, List.of(), DEFAULT_MAX_BYTES);
    }

    private record Outcome(List<MutedTest> entries, PythonModule python, ScanWarning warning) {}

    /** Scans the tree; {@code progress} hears how many files are done (from any thread). */
    public ScanResult scan(SourceTree tree, IntConsumer progress) throws IOException {
        List<String> all = tree.files();
        Naming naming = Naming.of(tree, all);
        List<String> candidates = new ArrayList<>();
        for (String p : all) {
            if (language(p) != null && wanted(p)) {
                candidates.add(p);
            }
        }
        ThreadLocal<JavaScanner> java = ThreadLocal.withInitial(() -> new JavaScanner(markers));
        KotlinScanner kotlin = new KotlinScanner(markers);
        PythonScanner python = new PythonScanner(markers);
        GoScanner go = new GoScanner(markers);
        ScriptScanner script = new ScriptScanner(markers);
        int[] done = {0};
        Outcome[] outcomes = new Outcome[candidates.size()];
        IntStream.range(0, candidates.size()).parallel().forEach(i -> {
            String path = candidates.get(i);
            outcomes[i] = one(tree, path, naming, java.get(), kotlin, python, go, script);
            if (progress != null) {
                int n;
                synchronized (done) {
                    n = ++done[0];
                }
                progress.accept(n);
            }
        });
        List<MutedTest> entries = new ArrayList<>();
        List<ScanWarning> warnings = new ArrayList<>();
        List<PythonModule> modules = new ArrayList<>();
        for (Outcome o : outcomes) {
            entries.addAll(o.entries());
            if (o.python() != null) {
                modules.add(o.python());
            }
            if (o.warning() != null) {
                warnings.add(o.warning());
            }
        }
        // conftest.py files outside the globs still supply fixtures to the tests inside them
        if (!globs.isEmpty() && !modules.isEmpty()) {
            Set<String> have = new HashSet<>();
            modules.forEach(m -> have.add(m.path()));
            for (String p : all) {
                if (p.endsWith("conftest.py") && !have.contains(p)) {
                    Outcome o = one(tree, p, naming, java.get(), kotlin, python, go, script);
                    if (o.python() != null) {
                        modules.add(o.python());
                    }
                }
            }
        }
        entries.addAll(PythonFixtures.resolve(modules));
        entries.sort(Comparator.comparing(MutedTest::file)
                .thenComparingInt(MutedTest::line)
                .thenComparing(e -> e.test().id())
                .thenComparing(MutedTest::marker));
        warnings.sort(Comparator.comparing(ScanWarning::file));
        return new ScanResult(dedupe(entries), warnings, candidates.size());
    }

    private static List<MutedTest> dedupe(List<MutedTest> sorted) {
        List<MutedTest> out = new ArrayList<>(sorted.size());
        for (MutedTest e : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private boolean wanted(String path) {
        if (globs.isEmpty()) {
            return true;
        }
        Path p = Path.of(path);
        return globs.stream().anyMatch(g -> g.matches(p));
    }

    static Language language(String path) {
        for (String part : path.split("/")) {
            if (SourceTree.ignoredDir(part) && !part.equals(path.substring(path.lastIndexOf('/') + 1))) {
                return null;
            }
        }
        if (JavaScanner.accepts(path)) {
            return Language.JAVA;
        }
        if (KotlinScanner.accepts(path)) {
            return Language.KOTLIN;
        }
        if (PythonScanner.accepts(path)) {
            return Language.PYTHON;
        }
        if (GoScanner.accepts(path)) {
            return Language.GO;
        }
        if (ScriptScanner.accepts(path)) {
            return Language.JS;
        }
        return null;
    }

    private Outcome one(
            SourceTree tree,
            String path,
            Naming naming,
            JavaScanner java,
            KotlinScanner kotlin,
            PythonScanner python,
            GoScanner go,
            ScriptScanner script) {
        try {
            long size = tree.size(path);
            if (size > maxBytes) {
                return skipped(
                        path,
                        String.format(
                                Locale.ROOT,
                                "skipped: %.1f MB, over the %.1f MB limit for a test source",
                                size / 1048576.0,
                                maxBytes / 1048576.0));
            }
            byte[] bytes = tree.read(path);
            if (binary(bytes)) {
                return skipped(path, "skipped: binary content (a NUL byte) in a file named like a test source");
            }
            String src = decode(bytes);
            if (src == null) {
                return skipped(path, "skipped: not valid UTF-8");
            }
            return switch (language(path)) {
                case JAVA ->
                    new Outcome(markers.mentions(Language.JAVA, src) ? java.scan(path, src) : List.of(), null, null);
                case KOTLIN -> new Outcome(kotlin.scan(path, src), null, null);
                case PYTHON -> {
                    PythonModule m = python.scan(path, naming.pythonModule(path), src);
                    yield new Outcome(m.direct(), m, null);
                }
                case GO -> new Outcome(go.scan(path, naming.goPackage(path), src), null, null);
                case JS -> new Outcome(script.scan(path, naming.scriptSuite(path), src), null, null);
            };
        } catch (SourceProblem e) {
            return skipped(path, (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage());
        } catch (IOException e) {
            return skipped(path, "cannot read: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return skipped(path, "cannot scan: " + e);
        }
    }

    private static Outcome skipped(String path, String why) {
        return new Outcome(List.of(), null, new ScanWarning(path, why));
    }

    private static boolean binary(byte[] b) {
        int n = Math.min(b.length, 8000);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Strict UTF-8 (a byte order mark dropped), or null when the bytes are not UTF-8. */
    private static String decode(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String s = d.decode(ByteBuffer.wrap(b)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (MalformedInputException e) {
            return null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** How reports name the tests of a file: what go.mod, pytest's config files and package.json say. */
    record Naming(Map<String, String> goModules, Set<String> pytestRoots, Set<String> packageRoots) {
        static Naming of(SourceTree tree, List<String> files) throws IOException {
            Map<String, String> go = new HashMap<>();
            Set<String> pytest = new HashSet<>();
            Set<String> packages = new HashSet<>();
            for (String f : files) {
                String name = f.substring(f.lastIndexOf('/') + 1);
                String dir = f.contains("/") ? f.substring(0, f.lastIndexOf('/')) : "";
                switch (name) {
                    case "go.mod" -> {
                        String module = moduleLine(small(tree, f));
                        if (module != null) {
                            go.put(dir, module);
                        }
                    }
                    case "pytest.ini" -> pytest.add(dir);
                    case "pyproject.toml" -> {
                        if (small(tree, f).contains("[tool.pytest")) {
                            pytest.add(dir);
                        }
                    }
                    case "tox.ini" -> {
                        if (small(tree, f).contains("[pytest]")) {
                            pytest.add(dir);
                        }
                    }
                    case "setup.cfg" -> {
                        if (small(tree, f).contains("[tool:pytest]")) {
                            pytest.add(dir);
                        }
                    }
                    case "package.json" -> packages.add(dir);
                    default -> {}
                }
            }
            return new Naming(go, pytest, packages);
        }

        private static String small(SourceTree tree, String f) throws IOException {
            if (tree.size(f) > (1 << 20)) {
                return "";
            }
            return new String(tree.read(f), StandardCharsets.UTF_8);
        }

        private static String moduleLine(String gomod) {
            for (String line : gomod.split("\n")) {
                String t = line.strip();
                if (t.startsWith("module ") || t.startsWith("module\t")) {
                    String m = t.substring(7).strip();
                    int c = m.indexOf("//");
                    m = (c >= 0 ? m.substring(0, c) : m).strip();
                    return m.replace("\"", "");
                }
            }
            return null;
        }

        private static String dirOf(String path) {
            return path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        }

        /** The nearest folder at or above {@code dir} that is in {@code roots}, or null. */
        private static String nearest(String dir, java.util.Collection<String> roots) {
            String d = dir;
            while (true) {
                if (roots.contains(d)) {
                    return d;
                }
                if (d.isEmpty()) {
                    return null;
                }
                d = d.contains("/") ? d.substring(0, d.lastIndexOf('/')) : "";
            }
        }

        private static String below(String root, String path) {
            return root == null || root.isEmpty() ? path : path.substring(root.length() + 1);
        }

        /** The import path of the file's package: the module path of the nearest go.mod plus the folder below it. */
        String goPackage(String path) {
            String dir = dirOf(path);
            String root = nearest(dir, goModules.keySet());
            if (root == null) {
                return dir.isEmpty() ? "." : dir;
            }
            String module = goModules.get(root);
            String rest = dir.equals(root) ? "" : below(root, dir);
            return rest.isEmpty() ? module : module + "/" + rest;
        }

        /** pytest's module path: relative to its rootdir (the nearest folder with a pytest config, else the top), dotted. */
        String pythonModule(String path) {
            String root = nearest(dirOf(path), pytestRoots);
            String rel = below(root, path);
            return rel.substring(0, rel.length() - 3).replace('/', '.');
        }

        /** A test outside any describe block is named after its file, relative to its package root (jest's rootDir). */
        String scriptSuite(String path) {
            return below(nearest(dirOf(path), packageRoots), path);
        }
    }
}
