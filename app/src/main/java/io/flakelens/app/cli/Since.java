package io.flakelens.app.cli;

import io.flakelens.app.contract.Window;
import java.time.Instant;

/** Reads {@code --since} as {@link Window} does; a bad value is a usage error that names the option. */
public final class Since {
    private Since() {}

    public static Instant parse(String s, Instant now) {
        try {
            return Window.start(s, now);
        } catch (IllegalArgumentException e) {
            throw new UserException("--since: " + e.getMessage());
        }
    }
}
