package io.flakelens.bench;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench --only one-report}: one Surefire-style report of 600,000 distinct test cases, each with
 * a line of system-out, 12,000 of them failing with a stack trace (about 94 MB), ingested by the real
 * command in a JVM of its own under {@code -Xmx256m}: the time a CI job waits, JVM start included.
 */
public final class OneReportBench {
    static final int CASES = 600_000;
    /** Every fiftieth case fails: 12,000 failures. */
    static final int FAIL_EVERY = 50;

    private final PrintWriter out;
    private final Path work;

    public OneReportBench(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    public void run(int rounds) throws Exception {
        Path report = work.resolve("one-report.xml");
        write(report);
        String jar = productJar();
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Path db = work.resolve("one-report-" + r + ".db");
            Files.deleteIfExists(db);
            long t0 = System.nanoTime();
            int code = new ProcessBuilder(
                            javaBin(),
                            "-Xmx256m",
                            "-jar",
                            jar,
                            "ingest",
                            "--db",
                            db.toString(),
                            "--run",
                            "one-" + r,
                            "--job",
                            "unit",
                            report.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("one-report-" + r + ".log").toFile())
                    .start()
                    .waitFor();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (code != 0) {
                throw new IllegalStateException(
                        "ingest exited " + code + ": " + Files.readString(work.resolve("one-report-" + r + ".log")));
            }
            times.add(secs);
            Files.deleteIfExists(db);
        }
        times.sort(null);
        out.printf(
                "one       %.0f MB report, %,d cases (%,d failures) stored by `flakelens ingest` under -Xmx256m,"
                        + " JVM start included: median %.2f s of %d (best %.2f s; goal <= 3 s)%n",
                Files.size(report) / 1e6,
                CASES,
                CASES / FAIL_EVERY,
                times.get(times.size() / 2),
                times.size(),
                times.get(0));
        out.flush();
        Files.deleteIfExists(report);
    }

    private static void write(Path file) throws IOException {
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"com.acme.All\" tests=\"" + CASES
                    + "\" failures=\"" + CASES / FAIL_EVERY + "\">\n");
            for (int i = 0; i < CASES; i++) {
                String suite = "com.acme.p" + (i % 97) + ".Suite" + (i / 120) + "Test";
                w.write("  <testcase name=\"test" + i + "\" classname=\"" + suite + "\" time=\"0." + (i % 1000)
                        + "\">");
                if (i % FAIL_EVERY == 0) {
                    w.write("<failure message=\"expected: &lt;" + i + "&gt; but was: &lt;0&gt;\""
                            + " type=\"org.opentest4j.AssertionFailedError\"><![CDATA["
                            + "org.opentest4j.AssertionFailedError: expected: <" + i + "> but was: <0>\n");
                    for (int f = 0; f < 14; f++) {
                        w.write("\tat " + suite + ".helper" + f + "(Suite.java:" + (10 + f) + ")\n");
                    }
                    w.write("]]></failure>");
                }
                w.write("<system-out>started test" + i + "</system-out></testcase>\n");
            }
            w.write("</testsuite>\n");
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The product's jar from this JVM's class path (the bench runs beside it). */
    private static String productJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith("flakelens.jar")) {
                return entry;
            }
        }
        throw new IllegalStateException("flakelens.jar is not on the class path: run through bin/flakelens bench");
    }
}
