package io.flakelens.app.ingest;

import io.flakelens.core.model.Run;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run metadata from the CI system's own environment variables, so a CI step can call
 * {@code flakelens ingest target/surefire-reports} with no flags. Each CI names the same facts
 * differently; this is the one place that knows their names.
 */
final class CiEnvironment {
    private static final Pattern GITHUB_PR = Pattern.compile("^refs/pull/(\\d+)/");

    private CiEnvironment() {}

    /** The run this environment describes, or null when it is not a CI we know. */
    static Run detect(Map<String, String> env) {
        if ("true".equals(env.get("GITHUB_ACTIONS"))) {
            return github(env);
        }
        if ("true".equals(env.get("GITLAB_CI"))) {
            return gitlab(env);
        }
        if (env.containsKey("BUILDKITE_BUILD_ID")) {
            return buildkite(env);
        }
        if (env.containsKey("PROW_JOB_ID")) {
            return prow(env);
        }
        if (env.containsKey("JENKINS_URL") && env.containsKey("BUILD_TAG")) {
            return jenkins(env);
        }
        return null;
    }

    private static Run github(Map<String, String> env) {
        String change = null;
        Matcher m = GITHUB_PR.matcher(env.getOrDefault("GITHUB_REF", ""));
        if (m.find()) {
            change = m.group(1);
        }
        String attempt = env.get("GITHUB_RUN_ATTEMPT");
        String job = join(env.get("GITHUB_WORKFLOW"), env.get("GITHUB_JOB"));
        // Pull-request builds test a merge commit; the head SHA names the patchset the author pushed.
        String sha = env.get("GITHUB_SHA");
        String url = env.get("GITHUB_SERVER_URL") != null
                        && env.get("GITHUB_REPOSITORY") != null
                        && env.get("GITHUB_RUN_ID") != null
                ? env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/"
                        + env.get("GITHUB_RUN_ID")
                : null;
        String id = env.getOrDefault("GITHUB_REPOSITORY", "") + "/" + env.get("GITHUB_RUN_ID") + "/"
                + env.getOrDefault("GITHUB_JOB", "") + "/" + (attempt == null ? "1" : attempt);
        return new Run(
                "github",
                id,
                job,
                env.get("RUNNER_OS") == null
                        ? null
                        : env.get("RUNNER_OS").toLowerCase() + "-"
                                + env.getOrDefault("RUNNER_ARCH", "").toLowerCase(),
                sha,
                change,
                change == null ? null : env.get("GITHUB_HEAD_SHA"),
                null,
                parseInt(attempt),
                null,
                null,
                null,
                null,
                url,
                null,
                null);
    }

    private static Run gitlab(Map<String, String> env) {
        String change = env.get("CI_MERGE_REQUEST_IID");
        return new Run(
                "gitlab",
                env.getOrDefault("CI_PROJECT_PATH", "") + "/" + env.get("CI_JOB_ID"),
                env.get("CI_JOB_NAME"),
                env.get("CI_RUNNER_DESCRIPTION"),
                env.get("CI_COMMIT_SHA"),
                change,
                change == null ? null : env.get("CI_COMMIT_SHA"),
                null,
                null,
                null,
                instant(env.get("CI_JOB_STARTED_AT")),
                null,
                null,
                env.get("CI_JOB_URL"),
                null,
                null);
    }

    private static Run buildkite(Map<String, String> env) {
        String pr = env.get("BUILDKITE_PULL_REQUEST");
        String change = pr == null || pr.equals("false") ? null : pr;
        Integer retry = parseInt(env.get("BUILDKITE_RETRY_COUNT"));
        return new Run(
                "buildkite",
                env.get("BUILDKITE_JOB_ID") != null ? env.get("BUILDKITE_JOB_ID") : env.get("BUILDKITE_BUILD_ID"),
                join(env.get("BUILDKITE_PIPELINE_SLUG"), env.get("BUILDKITE_LABEL")),
                env.get("BUILDKITE_AGENT_NAME"),
                env.get("BUILDKITE_COMMIT"),
                change,
                change == null ? null : env.get("BUILDKITE_COMMIT"),
                null,
                retry == null ? null : retry + 1,
                null,
                null,
                null,
                null,
                env.get("BUILDKITE_BUILD_URL"),
                null,
                null);
    }

    private static Run prow(Map<String, String> env) {
        String change = env.get("PULL_NUMBER");
        String revision = change != null ? env.get("PULL_PULL_SHA") : env.get("PULL_BASE_SHA");
        return new Run(
                "prow",
                env.get("PROW_JOB_ID"),
                env.get("JOB_NAME"),
                env.get("JOB_TYPE"),
                revision,
                change,
                change == null ? null : env.get("PULL_PULL_SHA"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static Run jenkins(Map<String, String> env) {
        String change = env.get("CHANGE_ID");
        return new Run(
                "jenkins",
                env.get("BUILD_TAG"),
                env.get("JOB_NAME"),
                env.get("NODE_NAME"),
                env.get("GIT_COMMIT"),
                change,
                change == null ? null : env.get("GIT_COMMIT"),
                null,
                null,
                null,
                null,
                null,
                null,
                env.get("BUILD_URL"),
                null,
                null);
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "/" + b;
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
