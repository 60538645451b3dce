package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.SurefireXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A small main-line history, ingested with the real command: {@code com.acme.CartTest::checkout}
 * flakes (failed and passed on the same revision, twice); {@code com.acme.CartTest::total} always
 * passes; {@code com.acme.PayTest::refund} flaked twice and then failed every run of the two latest
 * revisions (broken on main).
 */
final class CiHistory {
    static final String CART = "com.acme.CartTest";
    static final String PAY = "com.acme.PayTest";
    static final String FLAKY = CART + "::checkout";
    static final String STABLE = CART + "::total";
    static final String BROKEN = PAY + "::refund";

    private CiHistory() {}

    /** Ingests the history into {@code db}; reports are written under {@code dir}. */
    static void ingest(String db, Path dir) throws IOException {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);
        // run, revision, checkout fails, refund fails
        Object[][] runs = {
            {"h1", "rev-a", true, false}, {"h2", "rev-a", false, false},
            {"h3", "rev-b", true, true}, {"h4", "rev-b", false, false},
            {"h5", "rev-c", false, true}, {"h6", "rev-c", false, false},
            {"h7", "rev-d", false, true}, {"h8", "rev-d", false, true},
            {"h9", "rev-e", false, true}, {"h10", "rev-e", false, true},
        };
        int i = 0;
        for (Object[] r : runs) {
            Path f = run(dir.resolve("history"), (String) r[0], (Boolean) r[2], false, (Boolean) r[3]);
            Cli c = Cli.run(
                    "ingest",
                    f.toString(),
                    "--db",
                    db,
                    "--run",
                    (String) r[0],
                    "--job",
                    "unit",
                    "--builder",
                    "linux",
                    "--revision",
                    (String) r[1],
                    "--started",
                    t.plusSeconds(600L * i++).toString());
            assertThat(c.exit()).as(c.err()).isZero();
        }
    }

    /** One run's report folder with the three tests, failing the ones asked. */
    static Path run(Path root, String name, boolean checkoutFails, boolean totalFails, boolean refundFails)
            throws IOException {
        Path d = Files.createDirectories(root.resolve(name));
        List<String> cart = new ArrayList<>();
        cart.add(checkoutFails ? failure(CART, "checkout", "CartTest.java", 41) : SurefireXml.pass(CART, "checkout"));
        cart.add(totalFails ? failure(CART, "total", "CartTest.java", 57) : SurefireXml.pass(CART, "total"));
        Files.writeString(d.resolve("TEST-" + CART + ".xml"), SurefireXml.report(CART, cart.toArray(String[]::new)));
        Files.writeString(
                d.resolve("TEST-" + PAY + ".xml"),
                SurefireXml.report(
                        PAY,
                        refundFails ? failure(PAY, "refund", "PayTest.java", 23) : SurefireXml.pass(PAY, "refund")));
        return d;
    }

    /** A failure with a stack frame of the test's own class, as Surefire writes it. */
    static String failure(String cls, String name, String file, int line) {
        return "<testcase classname=\"" + cls + "\" name=\"" + name
                + "\" time=\"0.2\"><failure message=\"expected 3 but"
                + " was 2\" type=\"org.opentest4j.AssertionFailedError\">org.opentest4j.AssertionFailedError: expected 3"
                + " but was 2\n\tat " + cls + "." + name + "(" + file + ":" + line + ")\n</failure></testcase>";
    }
}
