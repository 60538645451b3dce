package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flakelens.store.TestStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What can be checked of the container image without a Docker engine: the entrypoint the image runs
 * (the same script, run here against the build's classes), that every file the Dockerfile copies is
 * in the repository or made by the build, and that the compose file's command is one flakelens takes.
 */
class ContainerTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path ENTRYPOINT = ROOT.resolve("docker/entrypoint.sh");

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theEntrypointServesOnEveryAddressAnswersItsHealthcheckAndRunsOtherCommands(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        Cli t = Cli.run("token", "create", "--name", "image-" + System.nanoTime(), "--db", db);
        assertThat(t.exit()).isZero();
        Path token = Files.writeString(dir.resolve("token"), t.out().strip());
        int port = freePort();
        assertThat(entrypoint(port, "healthcheck").exit())
                .as("nothing listens yet")
                .isNotZero();
        Process serve = start(port, "serve", "--db", db, "--detect-every", "0");
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).contains("on http://0.0.0.0:" + port + "/");
            Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
            drain.setDaemon(true);
            drain.start();
            Run health = entrypoint(port, "healthcheck");
            assertThat(health.exit()).as(health.output()).isZero();

            Path run = CiHistory.run(dir, "r1", true, false, false);
            Run upload = entrypoint(
                    port,
                    "upload",
                    run.toString(),
                    "--server",
                    "http://127.0.0.1:" + port,
                    "--token-file",
                    token.toString(),
                    "--run",
                    "image-1",
                    "--job",
                    "unit");
            assertThat(upload.exit()).as(upload.output()).isZero();
            assertThat(upload.output()).contains("3 results stored");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(entrypoint(port, "healthcheck").exit())
                .as("the server is gone")
                .isNotZero();
    }

    @Test
    void theServerRunsTheFirstCompilerOnlyOnTwoCoresOrFewerUnlessJavaOptsChooses() throws Exception {
        // a java that says how it was started; GNU nproc counts OMP_NUM_THREADS cores when it is set
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$*\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        assertThat(launch("2", "", "serve"))
                .contains("-XX:TieredStopAtLevel=1 ")
                .contains(" serve ");
        assertThat(launch("1", "-Xmx1g", "serve")).startsWith("-Xmx1g -XX:TieredStopAtLevel=1 ");
        assertThat(launch("8", "", "serve")).doesNotContain("TieredStopAtLevel").contains(" serve ");
        assertThat(launch("2", "-XX:+TieredCompilation", "serve")).doesNotContain("TieredStopAtLevel");
        assertThat(launch("2", "-XX:TieredStopAtLevel=4", "serve"))
                .contains("-XX:TieredStopAtLevel=4")
                .doesNotContain("TieredStopAtLevel=1");
        assertThat(launch("2", "", "ingest", "x.xml")).doesNotContain("TieredStopAtLevel");
    }

    /** The java command line the entrypoint runs with this many cores and JAVA_OPTS. */
    private String launch(String cores, String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", ENTRYPOINT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        pb.environment().put("FLAKELENS_CLASSPATH", "classes");
        pb.environment().put("OMP_NUM_THREADS", cores);
        pb.environment().put("JAVA_OPTS", javaOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out + " ";
    }

    @Test
    void everyFileTheDockerfileCopiesIsInTheRepositoryOrMadeByTheBuild() throws IOException {
        List<String> lines = instructions(Files.readString(ROOT.resolve("Dockerfile")));
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        Map<String, String> workdirs = new LinkedHashMap<>();
        String stage = null;
        List<String> copiedIntoBuild = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        int fromBuild = 0;
        for (String line : lines) {
            String[] w = line.split("\\s+");
            switch (w[0].toUpperCase()) {
                case "FROM" -> stage = w.length >= 4 && w[2].equalsIgnoreCase("AS") ? w[3] : w[1];
                case "WORKDIR" -> workdirs.put(stage, w[1]);
                case "RUN" -> runs.add(stage + ": " + line);
                case "COPY" -> {
                    if (w[1].startsWith("--from=")) {
                        String from = w[1].substring("--from=".length());
                        String built = w[2].replaceFirst("^" + workdirs.get(from) + "/", "");
                        assertThat(built).as("copied from the build stage").isEqualTo("app/target/flakelens.jar");
                        fromBuild++;
                        continue;
                    }
                    for (int i = 1; i < w.length - 1; i++) {
                        Path src = ROOT.resolve(w[i]);
                        assertThat(src).as(line).exists();
                        for (String pattern : ignored) {
                            String p = pattern.replace("**/", "");
                            assertThat(w[i].equals(p) || w[i].startsWith(p + "/"))
                                    .as(w[i] + " is in .dockerignore")
                                    .isFalse();
                        }
                        copiedIntoBuild.add(w[i]);
                    }
                }
                default -> {}
            }
        }
        assertThat(fromBuild).isEqualTo(1);
        // The build stage has what `mvn package` needs: the root POM and each module's POM and sources ...
        List<String> modules = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertThat(modules).isNotEmpty();
        assertThat(copiedIntoBuild).contains("pom.xml");
        for (String module : modules) {
            assertThat(copiedIntoBuild).contains(module + "/pom.xml", module + "/src");
        }
        // ... runs it, and the app module's shaded jar is named as the copy expects.
        assertThat(runs).anyMatch(r -> r.startsWith("build: ") && r.contains("mvn") && r.contains("package"));
        String appPom = Files.readString(ROOT.resolve("app/pom.xml"));
        assertThat(appPom).contains("<finalName>flakelens</finalName>", "maven-shade-plugin");
        assertThat(lines)
                .anyMatch(l -> l.startsWith("HEALTHCHECK") && l.contains("flakelens") && l.contains("healthcheck"));
        assertThat(lines).anyMatch(l -> l.startsWith("USER flakelens"));
        assertThat(lines).contains("CMD [\"serve\"]");
    }

    @Test
    void theComposeFileBuildsThisImageAndServesOnItsPostgres() throws IOException {
        JsonNode compose =
                new YAMLMapper().readTree(ROOT.resolve("docker/compose.yaml").toFile());
        JsonNode app = compose.path("services").path("flakelens");
        Path context = ROOT.resolve("docker")
                .resolve(app.path("build").path("context").asText())
                .normalize();
        assertThat(context.resolve(app.path("build").path("dockerfile").asText()))
                .isEqualTo(ROOT.resolve("Dockerfile"));
        JsonNode pg = compose.path("services").path("db").path("environment");
        String url = app.path("environment").path("FLAKELENS_DB").asText();
        assertThat(url)
                .startsWith(
                        "jdbc:postgresql://db:5432/" + pg.path("POSTGRES_DB").asText() + "?user="
                                + pg.path("POSTGRES_USER").asText() + "&password="
                                + pg.path("POSTGRES_PASSWORD").asText());
        List<String> args = new ArrayList<>();
        app.path("command").forEach(a -> args.add(a.asText()));
        CommandLine.ParseResult parsed = FlakelensCommand.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("serve");
    }

    /** Dockerfile instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : dockerfile.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && cur.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            out.add(cur.append(line).toString().strip());
            cur.setLength(0);
        }
        return out;
    }

    private record Run(int exit, String output) {}

    private Process start(int port, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", ENTRYPOINT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FLAKELENS_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("FLAKELENS_PORT", String.valueOf(port));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("FLAKELENS_TOKEN");
        return pb.start();
    }

    private Run entrypoint(int port, String... args) throws Exception {
        Process p = start(port, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
