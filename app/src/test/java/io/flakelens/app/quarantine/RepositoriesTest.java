package io.flakelens.app.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials, in the environment or in a URL, never reach a name or a message. */
class RepositoriesTest {
    @TempDir
    Path dir;

    @Test
    void aFailedCloneNamesTheUrlWithoutItsCredentialsOrTheToken() {
        Repositories repos = new Repositories(dir.resolve("cache"), Map.of("GIT_TOKEN", "s3cr3t-token"));
        assertThatThrownBy(() -> repos.open("https://ci:hunter2@127.0.0.1:1/acme/app.git", "main", false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot clone https://127.0.0.1:1/acme/app.git")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("s3cr3t-token");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void urlsAreToldFromPathsAndRedacted() {
        assertThat(Repositories.isUrl("https://github.com/acme/app")).isTrue();
        assertThat(Repositories.isUrl("git@github.com:acme/app.git")).isTrue();
        assertThat(Repositories.isUrl("file:///srv/git/app")).isTrue();
        assertThat(Repositories.isUrl("./app")).isFalse();
        assertThat(Repositories.redact("https://u:p@host/x")).isEqualTo("https://host/x");
    }

    @Test
    void aPlainFolderIsReadFromDiskWithoutACommit() throws Exception {
        Files.writeString(dir.resolve("test_a.py"), "def test_a(): pass\n");
        try (Checkout co = new Repositories(dir.resolve("cache"), Map.of()).open(dir.toString(), null, false)) {
            assertThat(co.commit()).isNull();
            assertThat(co.tree().files()).contains("test_a.py");
        }
        assertThatThrownBy(() ->
                        new Repositories(dir, Map.of()).open(dir.resolve("nope").toString(), null, false))
                .hasMessageContaining("neither a folder nor a git URL");
    }
}
