package io.flakelens.app.changepoint;

import io.flakelens.store.changepoint.CommitOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A local repository's first-parent history of a branch (HEAD by default), oldest first: the main
 * line as it landed, merges counted once. Revisions in reports may be abbreviated; one of at least
 * 7 hex digits matches the commit it is a unique prefix of.
 */
public final class RepositoryOrder implements CommitOrder {
    private static final int MIN_PREFIX = 7;

    private final Map<String, Integer> positions;
    private final Map<String, List<String>> byPrefix;
    private final List<String> oldestFirst;
    private final String web;

    private RepositoryOrder(List<String> oldestFirst, String web) {
        this.oldestFirst = oldestFirst;
        this.web = web;
        positions = new HashMap<>();
        byPrefix = new HashMap<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            String sha = oldestFirst.get(i);
            positions.put(sha, i);
            byPrefix.computeIfAbsent(sha.substring(0, MIN_PREFIX), k -> new ArrayList<>())
                    .add(sha);
        }
    }

    /**
     * Reads the repository at (or above) {@code dir}.
     *
     * @throws IOException naming the folder when it is no git repository or the branch is unknown
     */
    public static RepositoryOrder read(Path dir, String branch) throws IOException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
        if (b.getGitDir() == null) {
            throw new IOException(dir + ": not in a git repository");
        }
        try (Repository git = b.build();
                RevWalk walk = new RevWalk(git)) {
            ObjectId tip = git.resolve(branch == null ? "HEAD" : branch);
            if (tip == null) {
                throw new IOException(dir + ": no " + (branch == null ? "HEAD" : "branch " + branch));
            }
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(tip));
            List<String> newestFirst = new ArrayList<>();
            for (RevCommit c : walk) {
                newestFirst.add(c.name());
            }
            List<String> oldestFirst = new ArrayList<>(newestFirst.size());
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                oldestFirst.add(newestFirst.get(i));
            }
            return new RepositoryOrder(oldestFirst, web(git.getConfig().getString("remote", "origin", "url")));
        }
    }

    /**
     * A link to the commit on the forge its origin lives on ({@code https://host/owner/repo/commit/SHA},
     * which GitHub, GitLab and Gitea all serve), or null without an http(s) or ssh origin or for a
     * revision the repository does not know. Credentials in the origin are never part of it.
     */
    public String commitUrl(String revision) {
        int p = position(revision);
        return web == null || p < 0 ? null : web + "/commit/" + oldestFirst.get(p);
    }

    static String web(String origin) {
        if (origin == null) {
            return null;
        }
        String o = origin.strip().replaceFirst("\\.git$", "").replaceFirst("/$", "");
        java.util.regex.Matcher scp =
                java.util.regex.Pattern.compile("^[\\w.-]+@([\\w.-]+):(.+)$").matcher(o);
        if (scp.matches()) {
            return "https://" + scp.group(1) + "/" + scp.group(2);
        }
        java.util.regex.Matcher url = java.util.regex.Pattern.compile(
                        "^(?:https?|ssh)://(?:[^/@]+@)?([^/:]+)(?::\\d+)?/(.+)$")
                .matcher(o);
        return url.matches() ? "https://" + url.group(1) + "/" + url.group(2) : null;
    }

    @Override
    public int position(String revision) {
        if (revision == null) {
            return -1;
        }
        String r = revision.strip().toLowerCase(java.util.Locale.ROOT);
        Integer exact = positions.get(r);
        if (exact != null) {
            return exact;
        }
        if (r.length() < MIN_PREFIX || !r.matches("[0-9a-f]+")) {
            return -1;
        }
        List<String> candidates = byPrefix.getOrDefault(r.substring(0, MIN_PREFIX), List.of());
        String found = null;
        for (String sha : candidates) {
            if (sha.startsWith(r)) {
                if (found != null) {
                    return -1; // ambiguous: better unordered than misplaced
                }
                found = sha;
            }
        }
        return found == null ? -1 : positions.get(found);
    }
}
