package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.Main;
import io.flakelens.store.TestStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code token create|list} and a real {@code flakelens serve} process holding a DuckDB file. */
class TokenAndServeCommandTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aTokenIsPrintedOnceAndListedWithoutItsSecret(String store) {
        String db = TestStores.fresh(store, dir);
        Cli created = Cli.run("token", "create", "--name", "ci-bot", "--db", db);
        assertThat(created.exit()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("cannot be shown again");
        Cli list = Cli.run("token", "list", "--db", db);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("ci-bot").doesNotContain(token);
        Cli twice = Cli.run("token", "create", "--name", "ci-bot", "--db", db);
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).contains("already exists");
    }

    @Test
    void whileServeHoldsADuckDbFileOtherCommandsSaySoClearly() throws Exception {
        String db = dir.resolve("served.db").toString();
        assertThat(Cli.run("token", "create", "--name", "ci", "--db", db).exit())
                .isZero();
        Process serve = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve",
                        "--db",
                        db,
                        "--port",
                        "0",
                        "--detect-every",
                        "1m")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int port = -1;
            Pattern p = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");
            while ((line = out.readLine()) != null) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    break;
                }
            }
            assertThat(port).as("serve printed its address").isPositive();
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("duckdb");

            Cli flakes = Cli.run("flakes", "--db", db);
            assertThat(flakes.exit()).isEqualTo(1);
            assertThat(flakes.err()).contains("in use by another process").contains("/api/v1/runs");
            assertThat(Cli.run("token", "list", "--db", db).err()).contains("in use by another process");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        // Stopped cleanly: the file is free again.
        assertThat(Cli.run("token", "list", "--db", db).exit()).isZero();
    }

    @Test
    void serveRefusesABadPeriod() {
        Cli r = Cli.run("serve", "--db", dir.resolve("x.db").toString(), "--detect-every", "often");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--detect-every");
    }
}
