package io.flakelens.app.ingest;

/**
 * A compressed input expanded past an {@link ExpansionLimits} limit: the ingest stopped and stored
 * nothing of the upload. The message names the input, the limit and the option that raises it.
 */
public final class ExpansionLimitException extends RuntimeException {
    ExpansionLimitException(String message) {
        super(message);
    }
}
