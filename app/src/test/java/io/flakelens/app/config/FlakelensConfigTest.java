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
    void jira_and_the_choice_of_flake_tickets_are_config_values() throws Exception {
        FlakelensConfig c = load("""
                bugs:
                  tracker: jira
                  url: https://acme.atlassian.net/
                  project: DCOS_OSS
                  issue_type: Task
                  jql: 'project = DCOS_OSS AND labels = flaky'
                  flake_labels: [flaky]
                  flake_titles: ["FLAKE:"]
                  closed_within: 14d
                """);
        assertThat(c.bugs().jiraTracker()).isTrue();
        assertThat(c.bugs().where()).isEqualTo("DCOS_OSS");
        assertThat(c.bugs().jira())
                .isEqualTo(new BugsConfig.Jira(
                        "https://acme.atlassian.net", "DCOS_OSS", "Task", "project = DCOS_OSS AND labels = flaky"));
        assertThat(c.bugs().tickets())
                .isEqualTo(new io.flakelens.core.tickets.TicketSelection(
                        java.util.List.of("flaky"), java.util.List.of("FLAKE:"), Duration.ofDays(14)));
        FlakelensConfig d = load("bugs: {tracker: github, repo: a/b}\n");
        assertThat(d.bugs().tickets()).isEqualTo(io.flakelens.core.tickets.TicketSelection.defaults());
        assertThat(d.bugs().jira().issueType()).isEqualTo("Bug");
        assertThat(d.bugs().where()).isEqualTo("a/b");
    }

    @Test
    void jira_settings_are_checked_and_errors_name_the_key() {
        assertThatThrownBy(() -> load("bugs: {tracker: jira, project: FLK}\n"))
                .hasMessageContaining("bugs: tracker jira needs url (the Jira site) and project (its key)");
        assertThatThrownBy(() -> load("bugs: {tracker: jira, url: x, project: FLK}\n"))
                .hasMessageContaining("bugs.url: \"x\" is not an http(s) URL");
        assertThatThrownBy(() -> load("bugs: {tracker: jira, url: 'https://j', project: flk}\n"))
                .hasMessageContaining("bugs.project: \"flk\" is not a Jira project key");
        assertThatThrownBy(() -> load("bugs: {tracker: gitlab}\n"))
                .hasMessageContaining("bugs.tracker: unknown tracker \"gitlab\"; use github or jira");
        assertThatThrownBy(() -> load("bugs: {flake_labels: kind/flake}\n"))
                .hasMessageContaining("bugs.flake_labels: expected a list");
        assertThatThrownBy(() -> load("bugs: {flake_titles: [\"\"]}\n"))
                .hasMessageContaining("bugs.flake_titles: expected non-empty strings");
        assertThatThrownBy(() -> load("bugs: {closed_within: month}\n"))
                .hasMessageContaining("bugs.closed_within: cannot read \"month\"");
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
