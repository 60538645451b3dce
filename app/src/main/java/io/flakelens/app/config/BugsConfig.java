package io.flakelens.app.config;

import io.flakelens.core.bugs.FilingPolicy;
import java.util.List;

/**
 * Where bugs go and under which policy.
 *
 * @param tracker   "github" (the one tracker so far), null when none is configured
 * @param repo      owner/name
 * @param apiUrl    GitHub's REST root; GitHub Enterprise: https://HOST/api/v3
 * @param token     from the config file; {@code GITHUB_TOKEN} takes precedence (see {@link #token()})
 * @param labels    labels every filed bug carries; the first is also how Flakelens finds its bugs
 * @param dashboard base URL of the dashboard that bug texts link to, null for no links
 */
public record BugsConfig(
        String tracker,
        String repo,
        String apiUrl,
        String configToken,
        List<String> labels,
        String dashboard,
        FilingPolicy policy) {
    public static final String GITHUB_API = "https://api.github.com";

    public BugsConfig {
        labels = List.copyOf(labels);
    }

    public static BugsConfig defaults() {
        return new BugsConfig(
                null, null, GITHUB_API, null, List.of("flakelens", "flaky-test"), null, FilingPolicy.findit());
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
                + ", dashboard=" + dashboard + ", policy=" + policy + "]";
    }
}
