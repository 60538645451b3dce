package io.flakelens.core.aggregate;

/** Historical data that cannot be compared: the message names the file, the row and the cause. */
public final class HistoricalDataException extends RuntimeException {
    public HistoricalDataException(String message) {
        super(message);
    }

    public HistoricalDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
