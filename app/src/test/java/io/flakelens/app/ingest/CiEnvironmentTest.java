package io.flakelens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Run;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Variable names from each CI's documentation of its predefined environment. */
class CiEnvironmentTest {
    @Test
    void githubActionsPullRequest() {
        Run r = CiEnvironment.detect(Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_RUN_ID",
                "77",
                "GITHUB_RUN_ATTEMPT",
                "2",
                "GITHUB_JOB",
                "test",
                "GITHUB_WORKFLOW",
                "ci",
                "GITHUB_SHA",
                "abc",
                "GITHUB_REF",
                "refs/pull/12/merge",
                "GITHUB_REPOSITORY",
                "acme/app",
                "GITHUB_SERVER_URL",
                "https://github.example",
                "RUNNER_OS",
                "Linux"));
        assertThat(r.source()).isEqualTo("github");
        assertThat(r.externalId()).isEqualTo("acme/app/77/test/2");
        assertThat(r.job()).isEqualTo("ci/test");
        assertThat(r.change()).isEqualTo("12");
        assertThat(r.attempt()).isEqualTo(2);
        assertThat(r.revision()).isEqualTo("abc");
        assertThat(r.url()).isEqualTo("https://github.example/acme/app/actions/runs/77");
    }

    @Test
    void gitlabMergeRequest() {
        Run r = CiEnvironment.detect(Map.of(
                "GITLAB_CI",
                "true",
                "CI_JOB_ID",
                "9",
                "CI_PROJECT_PATH",
                "g/p",
                "CI_JOB_NAME",
                "unit",
                "CI_COMMIT_SHA",
                "def",
                "CI_MERGE_REQUEST_IID",
                "4",
                "CI_JOB_URL",
                "u"));
        assertThat(r.externalId()).isEqualTo("g/p/9");
        assertThat(r.change()).isEqualTo("4");
        assertThat(r.job()).isEqualTo("unit");
    }

    @Test
    void jenkinsBuildkiteAndProw() {
        Run j = CiEnvironment.detect(Map.of(
                "JENKINS_URL",
                "x",
                "BUILD_TAG",
                "jenkins-app-5",
                "JOB_NAME",
                "app",
                "GIT_COMMIT",
                "c1",
                "NODE_NAME",
                "agent-3"));
        assertThat(List.of(j.source(), j.externalId(), j.job(), j.builder(), j.revision()))
                .containsExactly("jenkins", "jenkins-app-5", "app", "agent-3", "c1");
        assertThat(j.presubmit()).isFalse();

        Run b = CiEnvironment.detect(Map.of(
                "BUILDKITE_BUILD_ID",
                "b",
                "BUILDKITE_JOB_ID",
                "j",
                "BUILDKITE_PULL_REQUEST",
                "false",
                "BUILDKITE_RETRY_COUNT",
                "1",
                "BUILDKITE_PIPELINE_SLUG",
                "app",
                "BUILDKITE_COMMIT",
                "c2"));
        assertThat(b.change()).isNull();
        assertThat(b.attempt()).isEqualTo(2);
        assertThat(b.externalId()).isEqualTo("j");

        Run p = CiEnvironment.detect(Map.of(
                "PROW_JOB_ID",
                "p1",
                "JOB_NAME",
                "pull-k8s-e2e",
                "JOB_TYPE",
                "presubmit",
                "PULL_NUMBER",
                "100",
                "PULL_PULL_SHA",
                "c3",
                "PULL_BASE_SHA",
                "base"));
        assertThat(List.of(p.externalId(), p.job(), p.change(), p.revision()))
                .containsExactly("p1", "pull-k8s-e2e", "100", "c3");
    }

    @Test
    void anUnknownEnvironmentIsNoCi() {
        assertThat(CiEnvironment.detect(Map.of("HOME", "/root"))).isNull();
    }

    @Test
    void flagsWinOverTheEnvironmentWhichFillsTheRest() {
        Run env = CiEnvironment.detect(
                Map.of("JENKINS_URL", "x", "BUILD_TAG", "tag", "JOB_NAME", "app", "GIT_COMMIT", "c1"));
        RunFlags flags = new RunFlags(
                null, null, "custom-job", null, null, null, null, null, null, null, null, null, null, null);
        Run r = flags.resolve(env, List.of("d"));
        assertThat(r.externalId()).isEqualTo("tag");
        assertThat(r.job()).isEqualTo("custom-job");
        assertThat(r.revision()).isEqualTo("c1");
    }
}
