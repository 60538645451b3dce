package io.flakelens.core.quarantine;

import java.io.IOException;
import java.util.List;

/**
 * The files of one repository snapshot: a folder on disk or a git commit. Paths are relative to
 * the root and use forward slashes. Reads may come from several threads at once.
 */
public interface SourceTree {
    List<String> files() throws IOException;

    long size(String path) throws IOException;

    byte[] read(String path) throws IOException;

    /** Folders no test of the repository's own lives in: dependencies, tool caches, hidden folders. */
    static boolean ignoredDir(String name) {
        return name.startsWith(".")
                || name.equals("node_modules")
                || name.equals("vendor")
                || name.equals("__pycache__")
                || name.equals("site-packages")
                || name.equals("venv")
                || name.equals("bower_components");
    }
}
