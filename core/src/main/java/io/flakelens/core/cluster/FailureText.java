package io.flakelens.core.cluster;

/**
 * One failure to cluster or to judge: its id, its text (message, stack trace or log) and what is
 * known about it. Texts longer than {@link #MAX_TEXT} keep their head (where a log names the test)
 * and their tail (where the traceback is), like the store's failure detail, so a failure clusters
 * the same from a file and from the store, and a 700 KB log costs what a 32 KB one costs.
 *
 * @param id    the caller's id, echoed in every output
 * @param text  the failure text; never null (empty when the record had none)
 * @param test  the failing test, when known
 * @param job   the CI job or context, when known
 * @param flaky whether the failure was a flake (Cockpit's {@code merged}, or the store's evidence), when known
 */
public record FailureText(String id, String text, String test, String job, Boolean flaky) {
    public static final int MAX_TEXT = 32_768;
    static final int HEAD = 4_096;

    public FailureText {
        if (id == null) {
            throw new IllegalArgumentException("a failure needs an id");
        }
        text = excerpt(text == null ? "" : text);
    }

    public static FailureText of(String id, String text) {
        return new FailureText(id, text, null, null, null);
    }

    static String excerpt(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int tailStart = text.length() - (MAX_TEXT - HEAD);
        // never split a surrogate pair
        int head = Character.isHighSurrogate(text.charAt(HEAD - 1)) ? HEAD - 1 : HEAD;
        if (Character.isLowSurrogate(text.charAt(tailStart))) {
            tailStart++;
        }
        return text.substring(0, head) + "\n" + text.substring(tailStart);
    }
}
