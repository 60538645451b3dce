package io.flakelens.app.cli;

import io.flakelens.app.s3.S3Objects;
import io.flakelens.app.s3.S3Settings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --s3-endpoint}, for the commands that read {@code s3://} inputs or write {@code s3://} outputs. */
final class S3Options {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "S3-compatible store for s3:// names (MinIO, Ceph, GCS), addressed path-style;"
                    + " default: $AWS_ENDPOINT_URL_S3, else $AWS_ENDPOINT_URL, else AWS S3."
                    + " Credentials and region: the standard AWS variables or profile")
    String endpoint;

    /** A store that connects on first use: a command naming only local files never does. */
    S3Objects store() {
        try {
            // a bad endpoint is bad usage, said before anything else happens
            S3Settings.endpoint(endpoint, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        return new S3Objects(() -> {
            S3Settings settings = S3Settings.standard(endpoint, System.getenv());
            return mixee.root().userObject() instanceof FlakelensCommand root ? root.s3(settings) : settings;
        });
    }
}
