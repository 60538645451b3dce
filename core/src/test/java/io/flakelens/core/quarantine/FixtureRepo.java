package io.flakelens.core.quarantine;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fixture repository under src/test/resources: markers of every language in every form. */
final class FixtureRepo {
    private FixtureRepo() {}

    static Path path() {
        try {
            return Path.of(FixtureRepo.class.getResource("repo/pytest.ini").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line per entry: where, scope, test, marker, then ticket | reason | since. */
    static String line(MutedTest e) {
        return e.file() + ":" + e.line() + " " + e.scope().label() + " "
                + e.test().id() + " @" + e.marker() + " " + e.ticket() + " | " + e.reason() + " | " + e.since();
    }
}
