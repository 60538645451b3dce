package io.flakelens.app.bugs;

import io.flakelens.app.config.BugsConfig;
import io.flakelens.core.bugs.BugTracker;
import io.flakelens.core.tickets.TicketSelection;
import java.util.Map;

/** The tracker client the config names: GitHub (token from {@code GITHUB_TOKEN}) or Jira (from {@code JIRA_*}). */
public final class Trackers {
    private Trackers() {}

    /** A client that may write: null when no tracker, no destination or no credentials are configured. */
    public static BugTracker forFiling(BugsConfig b, Map<String, String> env) {
        if (b.tracker() == null || b.where() == null || credentials(b, env) == null) {
            return null;
        }
        return open(b, env);
    }

    /** A client for reading tickets, anonymous when there are no credentials (public trackers); null without a tracker. */
    public static BugTracker forReading(BugsConfig b, Map<String, String> env) {
        if (b.tracker() == null || b.where() == null) {
            return null;
        }
        return open(b, env);
    }

    /** The credential that authorises writes, null when there is none; never printed. */
    public static String credentials(BugsConfig b, Map<String, String> env) {
        return b.jiraTracker() ? JiraTracker.authorization(env) : b.token();
    }

    /** Where the credentials come from, for the message that says they are missing. */
    public static String credentialSource(BugsConfig b) {
        return b.jiraTracker()
                ? "no JIRA_TOKEN (or JIRA_USER and JIRA_API_TOKEN) in the environment"
                : "no GITHUB_TOKEN and no bugs.token in the config";
    }

    private static BugTracker open(BugsConfig b, Map<String, String> env) {
        if (b.jiraTracker()) {
            BugsConfig.Jira j = b.jira();
            String jql = j.jql() != null ? j.jql() : JiraTracker.defaultJql(j.project(), selection(b));
            return JiraTracker.of(j.url(), j.project(), j.issueType(), jql, JiraTracker.authorization(env));
        }
        return GitHubTracker.of(b.apiUrl(), b.repo(), b.token());
    }

    private static TicketSelection selection(BugsConfig b) {
        return b.tickets();
    }
}
