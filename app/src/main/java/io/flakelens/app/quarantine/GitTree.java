package io.flakelens.app.quarantine;

import io.flakelens.core.quarantine.SourceTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One commit's files, read from the object store (no checkout). Regular files only: symbolic links
 * and submodules are no test sources of this repository. Each reading thread gets its own
 * {@link ObjectReader}, which is not thread-safe.
 */
final class GitTree implements SourceTree, AutoCloseable {
    private final Repository repo;
    private final Map<String, ObjectId> blobs = new HashMap<>();
    private final List<ObjectReader> readers = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<ObjectReader> reader;

    GitTree(Repository repo, RevCommit commit) throws IOException {
        this.repo = repo;
        this.reader = ThreadLocal.withInitial(() -> {
            ObjectReader r = repo.newObjectReader();
            readers.add(r);
            return r;
        });
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(commit.getTree());
            tw.setRecursive(false);
            while (tw.next()) {
                if (tw.isSubtree()) {
                    if (!SourceTree.ignoredDir(tw.getNameString())) {
                        tw.enterSubtree();
                    }
                    continue;
                }
                FileMode mode = tw.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    blobs.put(tw.getPathString(), tw.getObjectId(0));
                }
            }
        }
    }

    @Override
    public List<String> files() {
        List<String> out = new ArrayList<>(blobs.keySet());
        Collections.sort(out);
        return out;
    }

    @Override
    public long size(String path) throws IOException {
        return reader.get().getObjectSize(id(path), Constants.OBJ_BLOB);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return reader.get().open(id(path), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
    }

    private ObjectId id(String path) throws IOException {
        ObjectId id = blobs.get(path);
        if (id == null) {
            throw new IOException("no such file in the commit: " + path);
        }
        return id;
    }

    @Override
    public void close() {
        synchronized (readers) {
            readers.forEach(ObjectReader::close);
            readers.clear();
        }
        repo.close();
    }
}
