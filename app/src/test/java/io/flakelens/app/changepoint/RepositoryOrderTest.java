package io.flakelens.app.changepoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryOrderTest {
    @TempDir
    Path dir;

    @Test
    void first_parents_oldest_first_abbreviations_matched_and_commits_linked_on_the_origin() throws Exception {
        List<String> main = new ArrayList<>();
        String side;
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < 3; i++) {
                main.add(commit(git, "m" + i));
            }
            git.branchCreate().setName("topic").call();
            git.checkout().setName("topic").call();
            side = commit(git, "side");
            git.checkout().setName("main").call();
            main.add(commit(git, "m3"));
            main.add(git.merge()
                    .include(git.getRepository().resolve("topic"))
                    .setMessage("merge")
                    .setCommit(true)
                    .call()
                    .getNewHead()
                    .name());
            StoredConfig c = git.getRepository().getConfig();
            c.setString("remote", "origin", "url", "git@github.com:acme/widgets.git");
            c.save();
        }
        RepositoryOrder order = RepositoryOrder.read(dir, null);
        for (int i = 0; i < main.size(); i++) {
            assertThat(order.position(main.get(i))).isEqualTo(i);
        }
        // the merged branch's own commit is not on the main line's first parents
        assertThat(order.position(side)).isEqualTo(-1);
        assertThat(order.position(main.get(2).substring(0, 8).toUpperCase())).isEqualTo(2);
        assertThat(order.position("abc")).isEqualTo(-1);
        assertThat(order.commitUrl(main.get(1).substring(0, 9)))
                .isEqualTo("https://github.com/acme/widgets/commit/" + main.get(1));
        assertThat(RepositoryOrder.read(dir, "topic").position(side)).isEqualTo(3);
    }

    @Test
    void origins_become_web_links_without_credentials() {
        assertThat(RepositoryOrder.web("https://x-access-token:s3cret@github.com/acme/widgets.git"))
                .isEqualTo("https://github.com/acme/widgets");
        assertThat(RepositoryOrder.web("ssh://git@gitlab.example.com:2222/group/sub/repo.git"))
                .isEqualTo("https://gitlab.example.com/group/sub/repo");
        assertThat(RepositoryOrder.web("/srv/git/repo.git")).isNull();
        assertThat(RepositoryOrder.web(null)).isNull();
    }

    private static String commit(Git git, String message) throws Exception {
        return git.commit()
                .setMessage(message)
                .setAllowEmpty(true)
                .setAuthor("a", "a@example.com")
                .setCommitter("a", "a@example.com")
                .call()
                .name();
    }
}
