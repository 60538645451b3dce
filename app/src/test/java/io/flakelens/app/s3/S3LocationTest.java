package io.flakelens.app.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void readsBucketAndKeyAndTellsObjectsFromPrefixes() {
        S3Location object = S3Location.parse("s3://ci-reports/build-1/TEST-a.xml");
        assertThat(object.bucket()).isEqualTo("ci-reports");
        assertThat(object.key()).isEqualTo("build-1/TEST-a.xml");
        assertThat(object.isPrefix()).isFalse();
        assertThat(object.asPrefix()).hasToString("s3://ci-reports/build-1/TEST-a.xml/");
        assertThat(S3Location.parse("s3://ci-reports").isPrefix()).isTrue();
        assertThat(S3Location.parse("s3://ci-reports")).hasToString("s3://ci-reports/");
        assertThat(S3Location.parse("S3://ci-reports/x/").isPrefix()).isTrue();
        assertThat(S3Location.names("s3://b/k")).isTrue();
        assertThat(S3Location.names("reports/s3://b")).isFalse();
        assertThat(S3Location.names("s3:/b/k")).isFalse();
        assertThatThrownBy(() -> S3Location.parse("s3:///k"))
                .hasMessage("s3:///k: no bucket (expected s3://bucket/key)");
        assertThatThrownBy(() -> S3Location.parse("s3://")).hasMessageContaining("no bucket");
    }

    @Test
    void resolvesAManifestsReportsAgainstItsFolder() {
        S3Location manifest = S3Location.parse("s3://ci/nightly/2026-12-06/runs.jsonl");
        assertThat(manifest.resolveSibling("r1/TEST-a.xml")).hasToString("s3://ci/nightly/2026-12-06/r1/TEST-a.xml");
        assertThat(manifest.resolveSibling("./r1/../r2/")).hasToString("s3://ci/nightly/2026-12-06/r2/");
        assertThat(manifest.resolveSibling("../shared/x.xml")).hasToString("s3://ci/nightly/shared/x.xml");
        assertThat(manifest.resolveSibling("/top.xml")).hasToString("s3://ci/top.xml");
        assertThat(S3Location.parse("s3://ci/runs.jsonl").resolveSibling("a.xml"))
                .hasToString("s3://ci/a.xml");
        assertThatThrownBy(() -> manifest.resolveSibling("../../../x.xml"))
                .hasMessageContaining("goes above the bucket's root");
    }

    /**
     * Seeded random names (slashes, dots, schemes, odd characters): parsing and resolving either
     * give a location whose text reads back to itself and has no {@code .} or {@code ..} segment,
     * or refuse with an IllegalArgumentException. Deterministic: a failure names the iteration.
     */
    @Test
    void fuzzedNamesParseAndResolveOrAreRefusedWithAReason() {
        String[] pieces = {"s3://", "S3://", "/", "//", ".", "..", "a", "b-c", "é", "%2F", " ", "?", "#", "\\", ":"};
        SplittableRandom random = new SplittableRandom(0x53AC0FFEEL);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder name = new StringBuilder(random.nextInt(4) == 0 ? "" : "s3://");
            int parts = random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                name.append(pieces[random.nextInt(pieces.length)]);
            }
            StringBuilder relative = new StringBuilder();
            for (int p = random.nextInt(6); p > 0; p--) {
                relative.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = name.toString();
            try {
                S3Location at = S3Location.parse(text);
                assertThat(S3Location.parse(at.toString()))
                        .as("iteration %d: %s", i, text)
                        .isEqualTo(at);
                S3Location resolved = at.resolveSibling(relative.toString());
                assertThat(("/" + resolved.key() + "/").contains("/../"))
                        .as("iteration %d: %s + %s", i, text, relative)
                        .isFalse();
                assertThat(("/" + resolved.key() + "/").contains("/./"))
                        .as("iteration %d: %s + %s", i, text, relative)
                        .isFalse();
                assertThat(resolved.bucket()).isEqualTo(at.bucket());
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as("iteration %d: %s", i, text).isNotBlank();
            }
        }
    }
}
