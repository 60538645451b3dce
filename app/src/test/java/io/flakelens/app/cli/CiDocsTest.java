package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flakelens.app.Main;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.store.TestStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CI example in {@code docs/ci.md} works as written: its {@code flakelens} lines run in a shell,
 * with the CI's own variables set as that CI sets them, against a real server over a real history.
 * A run whose only failure is a known flake passes; one with a new failure fails.
 */
class CiDocsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path DOC = Path.of("..", "docs", "ci.md");

    @TempDir
    Path dir;

    private String token;
    private String url;
    private Path bin;

    static List<String> stores() {
        return TestStores.names();
    }

    /** One CI's example: its commands, the variables its file sets, and those the CI itself sets. */
    private record Example(String name, List<String> commands, Map<String, String> env) {}

    @ParameterizedTest
    @MethodSource("stores")
    void everyCiExampleUploadsAndGates(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        CiHistory.ingest(db, dir);
        Cli t = Cli.run("token", "create", "--name", "docs-" + System.nanoTime(), "--db", db);
        assertThat(t.exit()).isZero();
        token = t.out().strip();
        bin = wrapper();
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        try (FlakelensServer server =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, true, 10L << 20, Duration.ZERO))) {
            url = "http://127.0.0.1:" + server.port();
            List<Example> examples = List.of(
                    github(block(doc, "## GitHub Actions")),
                    gitlab(block(doc, "## GitLab CI")),
                    jenkins(block(doc, "## Jenkins")),
                    prow(block(doc, "## Prow and TestGrid")));
            int n = 0;
            for (Example e : examples) {
                assertThat(e.commands()).as(e.name()).isNotEmpty().allMatch(c -> c.contains("--gate"));
                Path flakeOnly = workspace(e.name() + "-flake", ++n, true, false);
                Result ok = run(e, flakeOnly, n);
                assertThat(ok.exit()).as(e.name() + ": " + ok.output()).isZero();
                assertThat(ok.output()).contains("known-flake", CiHistory.FLAKY, "flakelens gate passed");

                // A new failure alone: a flake failing in every run here would soon fail most of its runs.
                Path withNew = workspace(e.name() + "-new", ++n, false, true);
                Result fail = run(e, withNew, n);
                assertThat(fail.exit()).as(e.name() + ": " + fail.output()).isEqualTo(1);
                assertThat(fail.output()).contains(CiHistory.STABLE, "new", "flakelens gate failed");
                assertThat(verdictFile(e, flakeOnly))
                        .contains("<skipped message=\"known-flake: flaky:")
                        .doesNotContain("<failure");
                assertThat(verdictFile(e, withNew))
                        .contains("<failure type=\"new\"", "name=\"total\"")
                        .doesNotContain("<skipped");
            }
            // Each CI's run landed under the job and change its variables name.
            JsonNode runs = JSON.readTree(get("/api/v1/runs?since=all&limit=1000"));
            List<String> jobs = new ArrayList<>();
            runs.forEach(r -> jobs.add(r.path("source").asText() + " "
                    + r.path("job").asText() + " " + r.path("change").asText()));
            assertThat(jobs)
                    .contains(
                            "github test/unit 101",
                            "gitlab unit 103",
                            "jenkins widgets/main 105",
                            "prow pull-widgets-unit 107");
        }
    }

    private record Result(int exit, String output) {}

    private Result run(Example e, Path ws, int n) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String command : e.commands()) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", command)
                    .directory(ws.toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
            env.put("HOME", dir.toString());
            env.putAll(e.env());
            env.putAll(ciVariables(e.name(), ws, n));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            all.append(out);
            if (p.exitValue() != 0) {
                return new Result(p.exitValue(), all.toString());
            }
        }
        if (e.name().equals("github")) {
            all.append(Files.readString(ws.resolve("step-summary.md")));
        }
        return new Result(0, all.toString());
    }

    private String verdictFile(Example e, Path ws) throws IOException {
        Path f = switch (e.name()) {
            case "github" -> ws.resolve("target/flakelens-gate.xml");
            case "prow" -> ws.resolve("artifacts/junit_flakelens.xml");
            default -> ws.resolve("flakelens-gate.xml");
        };
        return Files.readString(f);
    }

    /** What each CI sets on its own; the token and the server's URL are the test's. */
    private Map<String, String> ciVariables(String ci, Path ws, int n) {
        Map<String, String> v = new HashMap<>();
        // Each run tests a pull request of its own: runs of one change on one commit that disagree would be
        // flake evidence of their own, and a flake failing on every main-line revision would be broken on main.
        String sha = "c0ffee" + n;
        String change = String.valueOf(100 + n);
        switch (ci) {
            case "github" -> {
                v.putAll(Map.of(
                        "GITHUB_ACTIONS",
                        "true",
                        "GITHUB_WORKFLOW",
                        "test",
                        "GITHUB_JOB",
                        "unit",
                        "GITHUB_RUN_ID",
                        "9100" + n,
                        "GITHUB_RUN_ATTEMPT",
                        "1",
                        "GITHUB_REPOSITORY",
                        "acme/widgets",
                        "GITHUB_SHA",
                        sha,
                        "GITHUB_REF",
                        "refs/pull/" + change + "/merge",
                        "GITHUB_SERVER_URL",
                        "https://github.com",
                        "RUNNER_OS",
                        "Linux"));
                v.put("RUNNER_ARCH", "X64");
                v.put("GITHUB_HEAD_SHA", sha);
                v.put("GITHUB_STEP_SUMMARY", ws.resolve("step-summary.md").toString());
            }
            case "gitlab" ->
                v.putAll(Map.of(
                        "GITLAB_CI",
                        "true",
                        "CI_PROJECT_PATH",
                        "acme/widgets",
                        "CI_JOB_ID",
                        "7700" + n,
                        "CI_JOB_NAME",
                        "unit",
                        "CI_RUNNER_DESCRIPTION",
                        "linux",
                        "CI_COMMIT_SHA",
                        sha,
                        "CI_JOB_URL",
                        "https://gitlab.example/acme/widgets/-/jobs/7700" + n,
                        "CI_MERGE_REQUEST_IID",
                        change));
            case "jenkins" ->
                v.putAll(Map.of(
                        "JENKINS_URL",
                        "https://jenkins.example/",
                        "BUILD_TAG",
                        "jenkins-widgets-main-" + n,
                        "JOB_NAME",
                        "widgets/main",
                        "NODE_NAME",
                        "linux",
                        "GIT_COMMIT",
                        sha,
                        "BUILD_URL",
                        "https://jenkins.example/job/widgets/job/main/" + n + "/",
                        "CHANGE_ID",
                        change));
            case "prow" ->
                v.putAll(Map.of(
                        "PROW_JOB_ID",
                        "4e1d-" + n,
                        "JOB_NAME",
                        "pull-widgets-unit",
                        "JOB_TYPE",
                        "presubmit",
                        "PULL_NUMBER",
                        change,
                        "PULL_PULL_SHA",
                        sha,
                        "PULL_BASE_SHA",
                        "base" + n,
                        "ARTIFACTS",
                        ws.resolve("artifacts").toString()));
            default -> throw new IllegalArgumentException(ci);
        }
        return v;
    }

    private Example github(String yaml) throws IOException {
        JsonNode wf = YAML.readTree(yaml);
        List<String> commands = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>(env(wf.path("env")));
        for (JsonNode job : wf.path("jobs")) {
            env.putAll(env(job.path("env")));
            for (JsonNode step : job.path("steps")) {
                List<String> lines = flakelensLines(step.path("run").asText(""));
                if (!lines.isEmpty()) {
                    env.putAll(env(step.path("env")));
                    commands.addAll(lines);
                }
            }
        }
        return new Example("github", commands, env);
    }

    private Example gitlab(String yaml) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        List<String> commands = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode job : root) {
            env.putAll(env(job.path("variables")));
            job.path("script").forEach(s -> commands.addAll(flakelensLines(s.asText())));
        }
        // a masked CI/CD variable of the project
        env.put("FLAKELENS_TOKEN", token);
        return new Example("gitlab", commands, env);
    }

    private Example jenkins(String groovy) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*(\\w+) = (?:'([^']*)'|credentials\\('[^']*'\\))\\s*$")
                .matcher(groovy);
        while (m.find()) {
            env.put(m.group(1), m.group(2) != null ? m.group(2) : token);
        }
        List<String> commands = new ArrayList<>();
        Matcher sh = Pattern.compile("(?m)^\\s*sh '(.*)'\\s*$").matcher(groovy);
        while (sh.find()) {
            commands.addAll(flakelensLines(sh.group(1)));
        }
        return new Example("jenkins", commands, withUrl(env));
    }

    private Example prow(String yaml) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        List<String> commands = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<JsonNode> repos = root.path("presubmits").elements(); repos.hasNext(); ) {
            for (JsonNode job : repos.next()) {
                for (JsonNode c : job.path("spec").path("containers")) {
                    c.path("env")
                            .forEach(e -> env.put(
                                    e.path("name").asText(), e.path("value").asText()));
                    c.path("args").forEach(a -> commands.addAll(flakelensLines(a.asText())));
                }
            }
        }
        // The secret Prow mounts at /etc/flakelens; here it is a file of the test's own.
        Path tokenFile;
        try {
            tokenFile = Files.writeString(dir.resolve("mounted-token"), token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> mounted = commands.stream()
                .map(c -> c.replace("/etc/flakelens/token", tokenFile.toString()))
                .toList();
        return new Example("prow", mounted, withUrl(env));
    }

    private Map<String, String> env(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(f -> {
            String v = f.getValue().asText();
            out.put(f.getKey(), v.contains("secrets.FLAKELENS_TOKEN") ? token : v);
        });
        return withUrl(out);
    }

    /** The examples name an example host; the test's server stands in for it. */
    private Map<String, String> withUrl(Map<String, String> env) {
        if (env.containsKey("FLAKELENS_URL")) {
            env.put("FLAKELENS_URL", url);
        }
        return env;
    }

    /** The lines of a script that run flakelens, backslash continuations joined. */
    static List<String> flakelensLines(String script) {
        List<String> out = new ArrayList<>();
        String joined = script.replaceAll("\\\\\\n\\s*", " ");
        for (String line : joined.split("\n")) {
            if (line.strip().startsWith("flakelens ")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** The first fenced block after a heading. */
    static String block(String doc, String heading) {
        int h = doc.indexOf("\n" + heading + "\n");
        assertThat(h).as(heading + " in docs/ci.md").isPositive();
        int open = doc.indexOf("```", h);
        int start = doc.indexOf('\n', open) + 1;
        int end = doc.indexOf("\n```", start);
        return doc.substring(start, end + 1);
    }

    private Path workspace(String name, int n, boolean flake, boolean newFailure) throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws-" + name));
        CiHistory.run(ws.resolve("target"), "surefire-reports", flake, newFailure, false);
        Files.createDirectories(ws.resolve("artifacts"));
        return ws;
    }

    private Path wrapper() throws IOException {
        Path b = Files.createDirectories(dir.resolve("bin"));
        Path f = b.resolve("flakelens");
        Files.writeString(
                f,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                        + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        f.toFile().setExecutable(true);
        return b;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
