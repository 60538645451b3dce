package io.flakelens.app.s3;

import java.io.IOException;

/**
 * An object or prefix that could not be listed, read or written. The message names the
 * {@code s3://} location and the cause in words (no such bucket, credentials refused, store
 * unreachable); {@link #reason()} is the cause alone.
 */
public final class S3AccessException extends IOException {
    private final String reason;
    private final boolean missing;

    S3AccessException(S3Location where, String reason, boolean missing, Throwable cause) {
        super(where + ": " + reason, cause);
        this.reason = reason;
        this.missing = missing;
    }

    /** The bucket or object does not exist (as opposed to refused or unreachable). */
    public boolean missing() {
        return missing;
    }

    public String reason() {
        return reason;
    }
}
