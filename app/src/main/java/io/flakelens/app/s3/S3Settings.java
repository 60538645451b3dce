package io.flakelens.app.s3;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;

/**
 * How to reach the object store.
 *
 * @param endpoint    an S3-compatible endpoint (MinIO, Ceph, GCS), addressed path-style; null for AWS itself
 * @param region      the signing region
 * @param credentials where the keys come from: the SDK's standard chain unless a caller supplies others
 * @param pageSize    keys asked for per listing page (S3 answers at most 1,000)
 */
public record S3Settings(URI endpoint, Region region, AwsCredentialsProvider credentials, int pageSize) {
    /** The region when neither the environment nor the profile names one. */
    public static final Region FALLBACK_REGION = Region.US_EAST_1;

    public static final int MAX_PAGE = 1000;

    public S3Settings {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE + ", got " + pageSize);
        }
    }

    /**
     * The standard configuration: the endpoint from the option, else {@code AWS_ENDPOINT_URL_S3},
     * else {@code AWS_ENDPOINT_URL} (both passed over, as the SDK does, when
     * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true); the region from {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}
     * or the profile, else {@link #FALLBACK_REGION}; credentials from the SDK's default chain
     * (environment, system properties, profile, web identity, container and instance roles).
     */
    public static S3Settings standard(String endpointOption, Map<String, String> env) {
        return new S3Settings(
                endpoint(endpointOption, env),
                region(env),
                DefaultCredentialsProvider.builder().build(),
                MAX_PAGE);
    }

    public S3Settings withCredentials(AwsCredentialsProvider other) {
        return new S3Settings(endpoint, region, other, pageSize);
    }

    public S3Settings withPageSize(int other) {
        return new S3Settings(endpoint, region, credentials, other);
    }

    /** The endpoint named by the option or the environment, null for AWS itself; checked here. */
    public static URI endpoint(String option, Map<String, String> env) {
        boolean ignoreEnv = "true".equalsIgnoreCase(env.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""));
        String chosen = ignoreEnv
                ? firstSet(option)
                : firstSet(option, env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
        if (chosen == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(chosen.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 endpoint " + chosen + ": not a URL (" + e.getMessage() + ")");
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "S3 endpoint " + chosen + ": expected http://host:port or https://host, as MinIO's is");
        }
        return uri;
    }

    /**
     * Deliberately not the SDK's whole region chain: its last link asks the EC2 instance metadata
     * service, which off EC2 only costs a time-out before the same fallback.
     */
    static Region region(Map<String, String> env) {
        String named = firstSet(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (named != null) {
            return Region.of(named.strip());
        }
        try {
            Region fromProfile =
                    new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, profile(env)).getRegion();
            if (fromProfile != null) {
                return fromProfile;
            }
        } catch (RuntimeException e) {
            // no profile, or one without a region
        }
        return FALLBACK_REGION;
    }

    private static String profile(Map<String, String> env) {
        String p = env.get("AWS_PROFILE");
        return p == null || p.isBlank() ? "default" : p.strip();
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
