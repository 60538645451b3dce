package io.flakelens.app.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One connection to the object store, made on first use (a command that names no {@code s3://}
 * location never builds a client, nor looks for credentials). Every failure comes out as an
 * {@link S3AccessException} naming the location and the cause.
 */
public final class S3Objects implements AutoCloseable {
    /** An object met by a listing. */
    public record Listed(S3Location location, long size) {}

    private final Supplier<S3Settings> source;
    private S3Settings settings;
    private S3Client client;

    public S3Objects(S3Settings settings) {
        this(() -> settings);
    }

    /**
     * Settings read on first use: the region's profile lookup and the credential chain bring up the
     * SDK's logging, about half a second of start-up that a command naming only local files would
     * pay for nothing.
     */
    public S3Objects(Supplier<S3Settings> settings) {
        this.source = settings;
    }

    public synchronized S3Settings settings() {
        if (settings == null) {
            settings = source.get();
        }
        return settings;
    }

    /** The object's size, or -1 when there is no object of that key (the bucket may still exist). */
    public long size(S3Location object) throws S3AccessException {
        try {
            return client().headObject(HeadObjectRequest.builder()
                            .bucket(object.bucket())
                            .key(object.key())
                            .build())
                    .contentLength();
        } catch (NoSuchKeyException e) {
            return -1;
        } catch (S3Exception e) {
            // a HEAD answer has no body, so a missing key comes as a bare 404 (the bucket's absence shows in a listing)
            if (e.statusCode() == 404) {
                return -1;
            }
            throw failure(object, e);
        } catch (SdkException e) {
            throw failure(object, e);
        }
    }

    /**
     * Every object under the prefix, in key order, page after page: S3 answers at most 1,000 keys
     * a request, and the SDK's paginator asks for the next page only when this one is used up.
     */
    public List<Listed> list(S3Location prefix) throws S3AccessException {
        List<Listed> out = new ArrayList<>();
        try {
            for (S3Object o : client().listObjectsV2Paginator(ListObjectsV2Request.builder()
                            .bucket(prefix.bucket())
                            .prefix(prefix.key())
                            .maxKeys(settings().pageSize())
                            .build())
                    .contents()) {
                out.add(new Listed(prefix.withKey(o.key()), o.size() == null ? -1 : o.size()));
            }
        } catch (SdkException e) {
            throw failure(prefix, e);
        }
        return out;
    }

    /** The object's first {@code n} bytes (fewer if it is shorter), by a ranged request. */
    public byte[] head(S3Location object, int n) throws S3AccessException {
        GetObjectRequest request = GetObjectRequest.builder()
                .bucket(object.bucket())
                .key(object.key())
                .range("bytes=0-" + (n - 1))
                .build();
        try (InputStream in = new ObjectStream(object, client().getObject(request))) {
            byte[] head = in.readNBytes(n);
            // at the end, the connection is reused; a store that ignored the range is cut off on close
            in.read();
            return head;
        } catch (SdkException e) {
            throw failure(object, e);
        } catch (S3AccessException e) {
            throw e;
        } catch (IOException e) {
            throw new S3AccessException(object, "cannot read: " + e.getMessage(), false, e);
        }
    }

    /**
     * The object's bytes as they arrive: nothing is held beyond the stream's buffer. Closing it
     * before the end drops the connection instead of reading the rest of a large object.
     */
    public InputStream open(S3Location object) throws S3AccessException {
        try {
            return new ObjectStream(
                    object,
                    client().getObject(GetObjectRequest.builder()
                            .bucket(object.bucket())
                            .key(object.key())
                            .build()));
        } catch (SdkException e) {
            throw failure(object, e);
        }
    }

    /** Copies the object to a local file, streaming. */
    public void download(S3Location object, Path to) throws S3AccessException {
        try (InputStream in = open(object)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (S3AccessException e) {
            throw e;
        } catch (IOException e) {
            throw new S3AccessException(object, "cannot copy to " + to + ": " + e.getMessage(), false, e);
        }
    }

    /** Writes a local file to the object, streamed from disk. */
    public void upload(Path from, S3Location object) throws S3AccessException {
        try {
            client().putObject(
                            PutObjectRequest.builder()
                                    .bucket(object.bucket())
                                    .key(object.key())
                                    .build(),
                            RequestBody.fromFile(from));
        } catch (SdkException e) {
            throw failure(object, e);
        }
    }

    private synchronized S3Client client() throws S3AccessException {
        if (client == null) {
            client = build(settings());
        }
        return client;
    }

    private static S3Client build(S3Settings s) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(s.region())
                .credentialsProvider(s.credentials());
        if (s.endpoint() != null) {
            // Other stores host buckets under the path, not as sub-domains, and may not speak the
            // newer checksum trailers: send and check checksums only where S3 requires them.
            b.endpointOverride(s.endpoint())
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        } else {
            // the region is only a default: a bucket elsewhere is followed there
            b.crossRegionAccessEnabled(true);
        }
        return b.build();
    }

    /** The cause in words a user can act on. */
    S3AccessException failure(S3Location where, SdkException e) {
        boolean missing = e instanceof NoSuchBucketException
                || e instanceof NoSuchKeyException
                || (e instanceof S3Exception s3 && s3.statusCode() == 404);
        return new S3AccessException(where, reason(where, e), missing, e);
    }

    private String reason(S3Location where, SdkException e) {
        if (e instanceof NoSuchBucketException) {
            return "no such bucket " + where.bucket();
        }
        if (e instanceof NoSuchKeyException) {
            return "no such object";
        }
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String said =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            int status = s3.statusCode();
            if ("InvalidAccessKeyId".equals(code)) {
                return "the store does not know this access key (InvalidAccessKeyId): check AWS_ACCESS_KEY_ID or the"
                        + " profile's aws_access_key_id";
            }
            if ("SignatureDoesNotMatch".equals(code)) {
                return "the store refused the request's signature (SignatureDoesNotMatch): check"
                        + " AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key";
            }
            if (status == 403) {
                return "access denied (HTTP 403" + (code == null ? "" : " " + code)
                        + "): check the credentials and that they may read this bucket";
            }
            if (status == 301 || "PermanentRedirect".equals(code)) {
                return "the bucket is in another region (HTTP 301): set AWS_REGION to the bucket's region";
            }
            if (status == 404) {
                return "not found (HTTP 404" + (code == null ? "" : " " + code) + ")";
            }
            return "the store answered HTTP " + status + (code == null ? "" : " " + code)
                    + (said == null ? "" : ": " + said);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        if (e instanceof SdkClientException && msg.startsWith("Unable to load credentials")) {
            // the SDK lists every link of its chain and why each failed: the fix is one of the links
            return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE,"
                    + " or run with a role (web identity, container or instance)";
        }
        S3Settings s = settings();
        String at = s.endpoint() == null ? "S3" : "the store at " + s.endpoint();
        return "cannot reach " + at + ": " + msg;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /**
     * A GetObject body: read errors name the object, and an early close aborts the connection
     * (the HTTP client would otherwise read a large object to its end to reuse the connection).
     */
    private final class ObjectStream extends FilterInputStream {
        private final S3Location object;
        private final ResponseInputStream<GetObjectResponse> body;
        private boolean ended;

        ObjectStream(S3Location object, ResponseInputStream<GetObjectResponse> body) {
            super(body);
            this.object = object;
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b < 0;
                return b;
            } catch (SdkException e) {
                throw failure(object, e);
            }
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            try {
                int n = super.read(buf, off, len);
                ended |= n < 0;
                return n;
            } catch (SdkException e) {
                throw failure(object, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                body.abort();
            }
            super.close();
        }
    }
}
