package io.flakelens.app.s3;

import java.net.URI;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in this process, on a free loopback port: s3proxy over jclouds' in-memory blob
 * store, checking AWS V4 signatures against one fixed key pair, so the product's client speaks real
 * HTTP to it.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "flakelens-test-key";
    public static final String SECRET_KEY = "flakelens-test-secret";

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private S3TestServer(BlobStoreContext blobs, S3Proxy proxy) {
        this.blobs = blobs;
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.client = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(keys(ACCESS_KEY, SECRET_KEY))
                // s3proxy does not read the newer checksum trailers, as some other stores do not
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public static S3TestServer start() throws Exception {
        BlobStoreContext blobs = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        return new S3TestServer(blobs, proxy);
    }

    public static StaticCredentialsProvider keys(String access, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Settings as the product makes them for this endpoint, with the server's keys. */
    public S3Settings settings() {
        return new S3Settings(endpoint, Region.US_EAST_1, keys(ACCESS_KEY, SECRET_KEY), S3Settings.MAX_PAGE);
    }

    /** For the command line: after the environment is read, this server's keys. */
    public UnaryOperator<S3Settings> withKeys() {
        return s -> s.withCredentials(keys(ACCESS_KEY, SECRET_KEY));
    }

    /** The test's own client, to fill buckets and look at what the product wrote. */
    public S3Client client() {
        return client;
    }

    public void bucket(String name) {
        client.createBucket(b -> b.bucket(name));
    }

    public void put(String bucket, String key, byte[] body) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    public byte[] get(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        blobs.close();
    }
}
