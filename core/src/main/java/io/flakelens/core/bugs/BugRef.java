package io.flakelens.core.bugs;

/**
 * A bug at a tracker as Flakelens last saw it.
 *
 * @param id     tracker-qualified and stable: {@code github:acme/widgets#12}
 * @param number the tracker's own number
 * @param state  {@code open} or {@code closed}
 */
public record BugRef(String id, long number, String url, String state) {
    public boolean open() {
        return "open".equals(state);
    }
}
