package io.flakelens.app.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

class S3ObjectsTest {
    private static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        server.bucket("data");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void listsPastOnePageOfAThousandKeysInKeyOrder() throws Exception {
        server.bucket("many");
        for (int i = 0; i < 1003; i++) {
            server.put("many", String.format("runs/r%04d.xml", i), new byte[] {'x'});
        }
        server.put("many", "other/outside.xml", new byte[] {'y'});
        try (S3Objects store = new S3Objects(server.settings())) {
            List<S3Objects.Listed> all = store.list(S3Location.parse("s3://many/runs/"));
            assertThat(all).hasSize(1003);
            assertThat(all.get(0).location()).hasToString("s3://many/runs/r0000.xml");
            assertThat(all.get(1002).location()).hasToString("s3://many/runs/r1002.xml");
            assertThat(all).allMatch(o -> o.size() == 1);
        }
        try (S3Objects small = new S3Objects(server.settings().withPageSize(7))) {
            List<String> keys = small.list(S3Location.parse("s3://many/runs/r00")).stream()
                    .map(o -> o.location().key())
                    .toList();
            assertThat(keys)
                    .containsExactlyElementsOf(IntStream.range(0, 100)
                            .mapToObj(i -> String.format("runs/r%04d.xml", i))
                            .toList());
        }
    }

    @Test
    void streamsAnObjectReadsItsHeadAndCopiesFilesBothWays() throws Exception {
        byte[] body = "0123456789".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        server.put("data", "big.txt", body);
        try (S3Objects store = new S3Objects(server.settings())) {
            S3Location big = S3Location.parse("s3://data/big.txt");
            assertThat(store.size(big)).isEqualTo(body.length);
            assertThat(store.head(big, 4)).containsExactly('0', '1', '2', '3');
            try (InputStream in = store.open(big)) {
                assertThat(in.readNBytes(12)).containsExactly("012345678901".getBytes(StandardCharsets.US_ASCII));
                // closed long before the end: the rest is not read
            }
            try (InputStream in = store.open(big)) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            Path local = dir.resolve("copy.txt");
            store.download(big, local);
            assertThat(Files.readAllBytes(local)).isEqualTo(body);
            store.upload(local, S3Location.parse("s3://data/back/copy.txt"));
            assertThat(server.get("data", "back/copy.txt")).isEqualTo(body);
            assertThat(store.size(S3Location.parse("s3://data/back/none.txt"))).isEqualTo(-1);
        }
    }

    @Test
    void failuresNameTheLocationAndTheCause() throws Exception {
        try (S3Objects store = new S3Objects(server.settings())) {
            assertThatThrownBy(() -> store.open(S3Location.parse("s3://data/missing.xml")))
                    .isInstanceOf(S3AccessException.class)
                    .hasMessage("s3://data/missing.xml: no such object")
                    .matches(e -> ((S3AccessException) e).missing());
            assertThatThrownBy(() -> store.list(S3Location.parse("s3://nobucket/x/")))
                    .hasMessage("s3://nobucket/x/: no such bucket nobucket");
        }
        try (S3Objects wrong = new S3Objects(
                server.settings().withCredentials(S3TestServer.keys(S3TestServer.ACCESS_KEY, "not-the-secret")))) {
            assertThatThrownBy(() -> wrong.list(S3Location.parse("s3://data/")))
                    .hasMessageStartingWith("s3://data/: the store refused the request's signature")
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                    .matches(e -> !((S3AccessException) e).missing());
        }
        // as the SDK's default chain says it when no link has keys (asking it here would call the EC2 metadata address)
        try (S3Objects none = new S3Objects(server.settings().withCredentials(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain"
                    + " AwsCredentialsProviderChain(credentialsProviders=[EnvironmentVariableCredentialsProvider()])");
        }))) {
            assertThatThrownBy(() -> none.size(S3Location.parse("s3://data/big.txt")))
                    .hasMessage("s3://data/big.txt: no AWS credentials found: set AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role (web identity, container or"
                            + " instance)");
        }
        try (S3Objects unreachable = new S3Objects(new S3Settings(
                java.net.URI.create("http://127.0.0.1:1"),
                server.settings().region(),
                server.settings().credentials(),
                S3Settings.MAX_PAGE))) {
            assertThatThrownBy(() -> unreachable.list(S3Location.parse("s3://data/")))
                    .hasMessageStartingWith("s3://data/: cannot reach the store at http://127.0.0.1:1: ");
        }
        try (S3Objects unknown = new S3Objects(
                server.settings().withCredentials(S3TestServer.keys("nobody", S3TestServer.SECRET_KEY)))) {
            assertThatThrownBy(() -> unknown.open(S3Location.parse("s3://data/big.txt")))
                    .hasMessageStartingWith("s3://data/big.txt: ")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID");
        }
    }
}
