package io.flakelens.app.quarantine;

import io.flakelens.core.model.StableHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Opens REPO for a scan. A URL is cloned shallow (depth 1, the one branch) as a bare repository into
 * a cache folder, and fetched again on the next scan; a token from {@code GIT_TOKEN} or
 * {@code GITHUB_TOKEN} authenticates HTTPS and is never printed (credentials written into a URL are
 * cut from every name and message). A local git checkout is read at HEAD or at {@code --branch}, from
 * its object store; a plain folder, or a checkout with {@code workingTree}, as the files on disk.
 */
public final class Repositories {
    private static final Pattern URL = Pattern.compile("^(https?|ssh|git|file)://.*|^[\\w.-]+@[\\w.-]+:.*");
    private static final Pattern CREDENTIALS = Pattern.compile("(?<=://)[^/@]+@");

    private final Path cache;
    private final Map<String, String> env;

    public Repositories(Path cache, Map<String, String> env) {
        this.cache = cache;
        this.env = env;
    }

    /** The default cache: {@code $XDG_CACHE_HOME/flakelens/repos}, else {@code ~/.cache/flakelens/repos}. */
    public static Path defaultCache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("flakelens").resolve("repos");
    }

    public static boolean isUrl(String repo) {
        return URL.matcher(repo).matches();
    }

    /** The URL with any {@code user:password@} removed. */
    public static String redact(String url) {
        return CREDENTIALS.matcher(url).replaceFirst("");
    }

    public Checkout open(String repo, String branch, boolean workingTree) throws IOException {
        if (isUrl(repo)) {
            if (workingTree) {
                throw new IllegalArgumentException("--working-tree needs a local checkout, not a URL");
            }
            return clone(repo, branch);
        }
        Path dir = Path.of(repo).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(repo + " is neither a folder nor a git URL");
        }
        Repository git = findGit(dir);
        if (git == null) {
            if (branch != null) {
                throw new IllegalArgumentException("--branch needs a git repository; " + repo + " is a plain folder");
            }
            return new Checkout(new DirectoryTree(dir), dir.toString(), null, null, null);
        }
        try {
            String name = origin(git, dir);
            RevCommit commit = resolve(git, branch, repo);
            String b = branch != null ? branch : currentBranch(git);
            if (workingTree) {
                Path top = git.getWorkTree().toPath();
                git.close();
                return new Checkout(
                        new DirectoryTree(top),
                        name,
                        b,
                        commit == null ? null : commit.name(),
                        commit == null ? null : time(commit));
            }
            if (commit == null) {
                throw new IllegalArgumentException(repo + " has no commit yet; scan it with --working-tree");
            }
            return new Checkout(new GitTree(git, commit), name, b, commit.name(), time(commit));
        } catch (IOException | RuntimeException e) {
            git.close();
            throw e;
        }
    }

    private static Repository findGit(Path dir) throws IOException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
        if (b.getGitDir() == null) {
            return null;
        }
        // only the checkout the folder belongs to as its top: a folder deep in some other checkout is that one
        Repository r = b.build();
        if (r.isBare() || !r.getWorkTree().toPath().toAbsolutePath().normalize().equals(dir)) {
            r.close();
            return null;
        }
        return r;
    }

    private static String origin(Repository git, Path dir) {
        String url = git.getConfig().getString("remote", "origin", "url");
        return url == null || url.isBlank() ? dir.toString() : redact(url);
    }

    private static String currentBranch(Repository git) throws IOException {
        Ref head = git.exactRef(Constants.HEAD);
        return head != null && head.isSymbolic()
                ? Repository.shortenRefName(head.getTarget().getName())
                : null;
    }

    private static RevCommit resolve(Repository git, String branch, String repo) throws IOException {
        ObjectId id;
        if (branch == null) {
            id = git.resolve(Constants.HEAD);
            if (id == null) {
                return null;
            }
        } else {
            id = null;
            for (String ref : List.of(Constants.R_HEADS + branch, Constants.R_REMOTES + "origin/" + branch, branch)) {
                Ref r = git.findRef(ref);
                if (r != null && r.getObjectId() != null) {
                    id = r.getObjectId();
                    break;
                }
            }
            if (id == null) {
                throw new IllegalArgumentException("no branch " + branch + " in " + repo);
            }
        }
        try (RevWalk walk = new RevWalk(git)) {
            return walk.parseCommit(id);
        }
    }

    private static Instant time(RevCommit c) {
        return Instant.ofEpochSecond(c.getCommitTime());
    }

    private CredentialsProvider credentials() {
        String token = first(env.get("GIT_TOKEN"), env.get("GITHUB_TOKEN"));
        if (token == null) {
            return null;
        }
        String user = first(env.get("GIT_USERNAME"), "x-access-token");
        return new UsernamePasswordCredentialsProvider(user, token);
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    private Checkout clone(String url, String branch) throws IOException {
        String name = redact(url);
        Path dir = cache.resolve(Long.toHexString(StableHash.of(name + "\u0000" + (branch == null ? "" : branch))));
        Files.createDirectories(cache);
        CredentialsProvider creds = credentials();
        Repository git = null;
        try {
            if (Files.isDirectory(dir.resolve("objects"))) {
                git = new FileRepositoryBuilder()
                        .setGitDir(dir.toFile())
                        .setBare()
                        .build();
                try (Git g = new Git(git)) {
                    g.fetch()
                            .setRemote("origin")
                            .setDepth(1)
                            .setCredentialsProvider(creds)
                            .setRefSpecs(
                                    branch == null
                                            ? "+HEAD:refs/flakelens/head"
                                            : "+" + Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch)
                            .call();
                } catch (GitAPIException | RuntimeException e) {
                    // an unusable cache is rebuilt, not repaired
                    git.close();
                    git = null;
                    delete(dir);
                }
            }
            if (git == null) {
                if (branch == null) {
                    // one branch even without --branch: the remote's default, asked for first
                    branch = defaultBranch(url, creds);
                }
                var cmd = Git.cloneRepository()
                        .setURI(url)
                        .setDirectory(dir.toFile())
                        .setBare(true)
                        .setDepth(1)
                        .setCredentialsProvider(creds);
                if (branch != null) {
                    cmd.setBranch(branch).setBranchesToClone(List.of(Constants.R_HEADS + branch));
                }
                try (Git g = cmd.call()) {
                    git = new FileRepositoryBuilder()
                            .setGitDir(dir.toFile())
                            .setBare()
                            .build();
                }
            }
            ObjectId id = null;
            String b = branch;
            if (branch != null) {
                Ref r = git.exactRef(Constants.R_HEADS + branch);
                id = r == null ? null : r.getObjectId();
            } else {
                Ref fetched = git.exactRef("refs/flakelens/head");
                Ref head = git.exactRef(Constants.HEAD);
                if (fetched != null && fetched.getObjectId() != null) {
                    id = fetched.getObjectId();
                } else if (head != null) {
                    id = head.getObjectId();
                }
                b = head != null && head.isSymbolic()
                        ? Repository.shortenRefName(head.getTarget().getName())
                        : null;
            }
            if (id == null) {
                throw new IllegalArgumentException(
                        branch == null ? name + " has no commits" : "no branch " + branch + " in " + name);
            }
            RevCommit commit;
            try (RevWalk walk = new RevWalk(git)) {
                commit = walk.parseCommit(id);
            }
            return new Checkout(new GitTree(git, commit), name, b, commit.name(), time(commit));
        } catch (TransportException e) {
            // no cause attached: its message may hold the URL as given, credentials and all
            close(git);
            throw new IOException("cannot clone " + name + ": " + clean(e.getMessage(), url)
                    + (creds == null ? " (set GIT_TOKEN or GITHUB_TOKEN for a private repository)" : ""));
        } catch (GitAPIException e) {
            close(git);
            throw new IOException("cannot clone " + name + ": " + clean(e.getMessage(), url));
        } catch (IOException | RuntimeException e) {
            close(git);
            throw e;
        }
    }

    /** The branch the remote's HEAD points at, or null when it does not say. */
    private static String defaultBranch(String url, CredentialsProvider creds) throws GitAPIException {
        Map<String, Ref> refs = Git.lsRemoteRepository()
                .setRemote(url)
                .setCredentialsProvider(creds)
                .callAsMap();
        Ref head = refs.get(Constants.HEAD);
        if (head == null) {
            return null;
        }
        if (head.isSymbolic()) {
            return Repository.shortenRefName(head.getTarget().getName());
        }
        // a server that does not say where HEAD points: the branch at HEAD's commit, main or master first
        List<String> atHead = refs.values().stream()
                .filter(r -> r.getName().startsWith(Constants.R_HEADS)
                        && head.getObjectId() != null
                        && head.getObjectId().equals(r.getObjectId()))
                .map(r -> Repository.shortenRefName(r.getName()))
                .sorted()
                .toList();
        for (String preferred : List.of("main", "master")) {
            if (atHead.contains(preferred)) {
                return preferred;
            }
        }
        return atHead.isEmpty() ? null : atHead.get(0);
    }

    /** JGit messages may repeat the URL as given; never let its credentials through. */
    private static String clean(String message, String url) {
        String m = String.valueOf(message).replace(url, redact(url));
        return CREDENTIALS.matcher(m).replaceAll("");
    }

    private static void close(Repository r) {
        if (r != null) {
            r.close();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
