package io.flakelens.app.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class S3SettingsTest {
    @Test
    void theEndpointComesFromTheOptionThenTheStandardVariables() {
        Map<String, String> env =
                Map.of("AWS_ENDPOINT_URL", "http://all-services:4566", "AWS_ENDPOINT_URL_S3", "http://minio:9000");
        assertThat(S3Settings.standard("https://ceph.local", env).endpoint()).hasToString("https://ceph.local");
        assertThat(S3Settings.standard(null, env).endpoint()).hasToString("http://minio:9000");
        assertThat(S3Settings.standard(null, Map.of("AWS_ENDPOINT_URL", "http://all-services:4566"))
                        .endpoint())
                .hasToString("http://all-services:4566");
        assertThat(S3Settings.standard(null, Map.of()).endpoint()).isNull();
        Map<String, String> ignored =
                Map.of("AWS_ENDPOINT_URL_S3", "http://minio:9000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(S3Settings.standard(null, ignored).endpoint()).isNull();
        assertThatThrownBy(() -> S3Settings.standard("minio:9000", Map.of()))
                .hasMessageContaining("S3 endpoint minio:9000: expected http://host:port");
    }

    @Test
    void theRegionComesFromTheEnvironmentElseUsEast1AndCredentialsFromTheStandardChain() {
        Map<String, String> noProfile = Map.of("AWS_PROFILE", "no-such-profile");
        assertThat(S3Settings.region(Map.of("AWS_REGION", "eu-west-3"))).isEqualTo(Region.EU_WEST_3);
        assertThat(S3Settings.region(Map.of("AWS_DEFAULT_REGION", "ap-south-1")))
                .isEqualTo(Region.AP_SOUTH_1);
        assertThat(S3Settings.region(noProfile)).isEqualTo(S3Settings.FALLBACK_REGION);
        assertThat(S3Settings.standard(null, noProfile).credentials()).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(S3Settings.standard(null, Map.of()).pageSize()).isEqualTo(1000);
        assertThatThrownBy(() -> S3Settings.standard(null, Map.of()).withPageSize(1001))
                .hasMessageContaining("page size");
    }
}
