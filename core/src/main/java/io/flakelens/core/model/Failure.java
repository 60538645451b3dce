package io.flakelens.core.model;

/**
 * What a report said about a failed (or skipped) attempt. Texts are capped on the way in so that
 * a report with megabytes of output per case keeps memory bounded.
 *
 * @param type    exception or failure type when the report gives one
 * @param message the one-line message
 * @param detail  stack trace or log excerpt
 */
public record Failure(String type, String message, String detail) {
    public static final int MAX_MESSAGE = 4_096;
    public static final int MAX_DETAIL = 32_768;

    public Failure {
        type = cap(type, 512);
        message = cap(message, MAX_MESSAGE);
        detail = cap(detail, MAX_DETAIL);
    }

    static String cap(String s, int max) {
        return StorableText.cap(s, max);
    }

    /** The text a human reads first: message, else the first line of the detail. */
    public String headline() {
        if (message != null && !message.isBlank()) {
            return message.strip();
        }
        if (detail != null) {
            String d = detail.strip();
            int nl = d.indexOf('\n');
            return nl < 0 ? d : d.substring(0, nl);
        }
        return type == null ? "" : type;
    }
}
