package io.flakelens.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flakelens.core.bugs.FilingPolicy;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.owner.Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlakelensConfigTest {
    @TempDir
    Path dir;

    private FlakelensConfig load(String yaml) throws Exception {
        return FlakelensConfig.load(Files.writeString(dir.resolve("flakelens.yaml"), yaml));
    }

    @Test
    void every_number_of_the_filing_policy_is_a_config_value() throws Exception {
        FlakelensConfig c = load("""
                bugs:
                  tracker: github
                  repo: acme/widgets
                  api_url: https://ghe.acme.dev/api/v3/
                  window: 12h
                  recent: 2h
                  min_changes: 5
                  min_post_submit: 4
                  change_kinds: [false-rejection]
                  update_every: 3d
                  max_actions: 10
                  actions_window: 1d
                  closed_bugs: new
                """);
        assertThat(c.bugs().policy())
                .isEqualTo(new FilingPolicy(
                        Duration.ofHours(12),
                        5,
                        java.util.Set.of(EvidenceKind.FALSE_REJECTION),
                        4,
                        Duration.ofHours(2),
                        Duration.ofDays(3),
                        10,
                        Duration.ofDays(1),
                        FilingPolicy.ClosedBugs.NEW));
        assertThat(c.bugs().apiUrl()).isEqualTo("https://ghe.acme.dev/api/v3");
        assertThat(load("{}").bugs().policy()).isEqualTo(FilingPolicy.findit());
    }

    @Test
    void a_typo_is_an_error_that_names_the_file_and_the_key() {
        assertThatThrownBy(() -> load("owners:\n  rule:\n    - {name: x, owner: y}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flakelens.yaml: owners.rule: unknown key; known here: codeowners, rules");
        assertThatThrownBy(() -> load("bugs: {window: soon}\n"))
                .hasMessageContaining("bugs.window: cannot read \"soon\"");
        assertThatThrownBy(() -> load("owners: {rules: [{name: \"[\", owner: y}]}\n"))
                .hasMessageContaining("owners.rules[0].name: bad regex");
        assertThatThrownBy(() -> load("bugs: {repo: widgets}\n")).hasMessageContaining("is not owner/name");
        assertThatThrownBy(() -> load("owners: {codeowners: nowhere}\n")).hasMessageContaining("owners.codeowners");
    }

    @Test
    void codeowners_is_found_where_github_looks_relative_to_the_config() throws Exception {
        Files.createDirectories(dir.resolve("repo/docs"));
        Files.writeString(dir.resolve("repo/docs/CODEOWNERS"), "* @docs-location\n");
        Files.writeString(dir.resolve("repo/CODEOWNERS"), "* @root-location\n");
        FlakelensConfig c = load("owners: {codeowners: repo}\n");
        // GitHub's order: .github/, the root, docs/
        assertThat(c.owners().of(new Subject("j", "s", "n", "a.go")).name()).isEqualTo("@root-location");
    }

    @Test
    void the_token_never_shows_in_the_printed_config() throws Exception {
        FlakelensConfig c = load("bugs: {token: ghp_verysecret, repo: a/b}\n");
        assertThat(c.bugs().toString()).doesNotContain("ghp_verysecret");
        assertThat(c.toString()).doesNotContain("ghp_verysecret");
    }
}
