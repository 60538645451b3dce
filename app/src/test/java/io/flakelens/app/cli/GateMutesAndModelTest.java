package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.SurefireXml;
import io.flakelens.app.serve.FlakelensServer;
import io.flakelens.app.serve.ServerConfig;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.store.TestStores;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gate's other two sources of leniency: mutes in the source, and the flake model's probability. */
class GateMutesAndModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aMuteInThisCheckoutOrAStoredScanLetsTheFailureThrough(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        CiHistory.ingest(db, dir);
        Path repo = dir.resolve("widgets");
        Path src = Files.createDirectories(repo.resolve("src/test/java/com/acme"));
        Files.writeString(src.resolve("CartTest.java"), """
                package com.acme;

                import org.junit.jupiter.api.Tag;
                import org.junit.jupiter.api.Test;

                class CartTest {
                    @Test
                    void checkout() {}

                    @Test
                    @Tag("flaky")
                    void total() {}
                }
                """);
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("mute total")
                    .setAuthor("Dev", "dev@example.com")
                    .setCommitter("Dev", "dev@example.com")
                    .call();
        }
        Path run = CiHistory.run(dir, "now", false, true, false);
        assertThat(Cli.run("gate", run.toString(), "--db", db).exit()).isEqualTo(1);

        Cli scanned = Cli.run("gate", run.toString(), "--db", db, "--scan", repo.toString());
        assertThat(scanned.exit()).as(scanned.out() + scanned.err()).isZero();
        assertThat(scanned.out()).contains("muted", "src/test/java/com/acme/CartTest.java:11");

        assertThat(Cli.run("quarantine", "scan", repo.toString(), "--store", "--db", db)
                        .exit())
                .isZero();
        Cli stored = Cli.run("gate", run.toString(), "--db", db, "--format", "json");
        assertThat(stored.exit()).as(stored.err()).isZero();
        try (FlakelensServer s =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, false, 1 << 20, Duration.ZERO))) {
            Cli remote =
                    Cli.run("gate", run.toString(), "--server", "http://127.0.0.1:" + s.port(), "--format", "json");
            assertThat(remote.exit()).as(remote.err()).isZero();
            JsonNode judged = JSON.readTree(remote.out()).path("judged");
            assertThat(judged).isEqualTo(JSON.readTree(stored.out()).path("judged"));
            assertThat(judged.get(0).path("finding").asText()).isEqualTo("muted");
            assertThat(judged.get(0).path("marker").asText()).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theModelsProbabilityCountsOnlyWhenThePolicySaysSo(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        CiHistory.ingest(db, dir);
        Path model = learn();
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(
                run.resolve("TEST-com.acme.NetTest.xml"),
                SurefireXml.report(
                        "com.acme.NetTest",
                        "<testcase classname=\"com.acme.NetTest\" name=\"fetch\"><failure message=\"Read timed out\""
                                + " type=\"java.net.SocketTimeoutException\">" + timeout(99) + "</failure></testcase>",
                        SurefireXml.pass("com.acme.NetTest", "parse")));
        Path lenient = Files.writeString(dir.resolve("lenient.yaml"), "probability: true\nmin_probability: 0.6\n");

        Cli strict = Cli.run("gate", run.toString(), "--db", db, "--model", model.toString(), "--format", "json");
        assertThat(strict.exit()).isEqualTo(1);
        JsonNode blocked = JSON.readTree(strict.out()).path("judged").get(0);
        assertThat(blocked.path("flake_probability").asDouble()).isGreaterThan(0.6);
        assertThat(blocked.path("let_through").asBoolean()).isFalse();

        Cli local = Cli.run(
                "gate",
                run.toString(),
                "--db",
                db,
                "--model",
                model.toString(),
                "--policy",
                lenient.toString(),
                "--format",
                "json");
        assertThat(local.exit()).as(local.out()).isZero();
        assertThat(JSON.readTree(local.out())
                        .path("judged")
                        .get(0)
                        .path("finding")
                        .asText())
                .isEqualTo("probably-flaky");

        FlakeModel loaded;
        try (InputStream in = Files.newInputStream(model)) {
            loaded = FlakeModel.read(in);
        }
        try (FlakelensServer s = FlakelensServer.start(
                new ServerConfig("127.0.0.1", 0, db, false, 1 << 20, Duration.ZERO, Duration.ZERO, loaded))) {
            Cli remote = Cli.run(
                    "gate",
                    run.toString(),
                    "--server",
                    "http://127.0.0.1:" + s.port(),
                    "--policy",
                    lenient.toString(),
                    "--format",
                    "json");
            assertThat(remote.exit()).as(remote.err()).isZero();
            assertThat(JSON.readTree(remote.out()).path("judged"))
                    .isEqualTo(JSON.readTree(local.out()).path("judged"));
        }
        // without a model the server answers 404 to predictions, and the gate goes on without them
        try (FlakelensServer s =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, false, 1 << 20, Duration.ZERO))) {
            Cli none = Cli.run(
                    "gate", run.toString(), "--server", "http://127.0.0.1:" + s.port(), "--policy", lenient.toString());
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.out()).contains("new", "not seen before");
        }
    }

    /** A model from failures labelled by hand: timeouts were flaky, assertion failures were not. */
    private Path learn() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(JSON.writeValueAsString(java.util.Map.of("id", "t" + i, "text", timeout(i), "flaky", true)));
            lines.add(JSON.writeValueAsString(java.util.Map.of(
                    "id",
                    "a" + i,
                    "text",
                    "org.opentest4j.AssertionFailedError: expected <" + i + "> but was <" + (i + 1) + ">\n\tat"
                            + " com.acme.CartTest.total(CartTest.java:" + (50 + i) + ")",
                    "flaky",
                    false)));
        }
        Path input = Files.write(dir.resolve("labelled.jsonl"), lines);
        Path model = dir.resolve("flake.model");
        Cli learn = Cli.run("learn", "--input", input.toString(), "--model", model.toString());
        assertThat(learn.exit()).as(learn.err()).isZero();
        return model;
    }

    private static String timeout(int i) {
        return "java.net.SocketTimeoutException: Read timed out\n\tat java.base/java.net.SocketInputStream.read("
                + "SocketInputStream.java:" + (180 + i % 3)
                + ")\n\tat com.acme.net.HttpClient.fetch(HttpClient.java:88)";
    }
}
