package io.flakelens.app.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Reads {@code --now}: an instant ({@code 2026-11-27T12:00:00Z}) or a date (its midnight, UTC). */
final class At {
    private At() {}

    static Instant parse(String option, String s) {
        try {
            return Instant.parse(s.strip());
        } catch (RuntimeException e) {
            try {
                return LocalDate.parse(s.strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (RuntimeException e2) {
                throw new UserException(option + ": cannot read \"" + s + "\"; use an instant like"
                        + " 2026-11-27T12:00:00Z or a date like 2026-11-27");
            }
        }
    }
}
