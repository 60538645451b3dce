package io.flakelens.app.config;

import io.flakelens.core.bugs.FilingPolicy;
import io.flakelens.core.tickets.TicketSelection;
import java.util.List;

/**
 * Where bugs go, under which policy, and which hand-filed tickets count as flake tickets.
 *
 * @param tracker   "github" or "jira", null when none is configured
 * @param repo      GitHub's owner/name
 * @param apiUrl    GitHub's REST root; GitHub Enterprise: https://HOST/api/v3
 * @param token     from the config file; {@code GITHUB_TOKEN} takes precedence (see {@link #token()})
 * @param labels    labels every filed bug carries; the first is also how Flakelens finds its bugs
 * @param dashboard base URL of the dashboard that bug texts link to, null for no links
 * @param jira      Jira's site, project, issue type and query, when the tracker is Jira
 * @param tickets   which hand-filed tickets are flake tickets (labels, title prefixes, closed span)
 */
public record BugsConfig(
        String tracker,
        String repo,
        String apiUrl,
        String configToken,
        List<String> labels,
        String dashboard,
        FilingPolicy policy,
        Jira jira,
        TicketSelection tickets) {
    public static final String GITHUB_API = "https://api.github.com";

    /**
     * @param url       the site, {@code https://acme.atlassian.net}
     * @param project   the project key bugs are filed in
     * @param issueType the issue type of filed bugs
     * @param jql       the query for hand-filed flake tickets, null for the default over the project
     */
    public record Jira(String url, String project, String issueType, String jql) {}

    public BugsConfig {
        labels = List.copyOf(labels);
    }

    public static BugsConfig defaults() {
        return new BugsConfig(
                null,
                null,
                GITHUB_API,
                null,
                List.of("flakelens", "flaky-test"),
                null,
                FilingPolicy.findit(),
                new Jira(null, null, "Bug", null),
                TicketSelection.defaults());
    }

    public boolean jiraTracker() {
        return "jira".equals(tracker);
    }

    /** Where bugs go in the store's terms: the repository for GitHub, the project key for Jira. */
    public String where() {
        return jiraTracker() ? jira.project() : repo;
    }

    /** {@code GITHUB_TOKEN} first, then the config's; null when neither is set. Never printed. */
    public String token() {
        String env = System.getenv("GITHUB_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return configToken == null || configToken.isBlank() ? null : configToken.strip();
    }

    @Override
    public String toString() {
        // A record prints its fields; the token must never reach a log or a terminal.
        return "BugsConfig[tracker=" + tracker + ", repo=" + repo + ", apiUrl=" + apiUrl + ", labels=" + labels
                + ", dashboard=" + dashboard + ", policy=" + policy + ", jira=" + jira + ", tickets=" + tickets + "]";
    }
}
