package io.flakelens.bench;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;

/**
 * Writes Surefire-shaped JUnit XML of any size for benchmarks: realistic names, times, a few
 * percent failures with multi-line stack traces, some flaky reruns, and system-out noise, so the
 * parser sees what real reports hold rather than a best case.
 */
final class SyntheticReport {
    private SyntheticReport() {}

    /** Writes one {@code testsuite} with {@code cases} test cases; returns the cases written. */
    static int write(Writer w, String suite, int cases, SplittableRandom rnd) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.write("<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" name=\"" + suite
                + "\" time=\"12.5\" tests=\"" + cases + "\" errors=\"0\" skipped=\"0\" failures=\"0\">\n");
        w.write("  <properties>\n    <property name=\"java.version\" value=\"17.0.15\"/>\n"
                + "    <property name=\"os.name\" value=\"Linux\"/>\n  </properties>\n");
        for (int i = 0; i < cases; i++) {
            writeCase(w, suite, "test" + caseName(i), rnd);
        }
        w.write("</testsuite>\n");
        return cases;
    }

    static void writeCase(Writer w, String suite, String name, SplittableRandom rnd) throws IOException {
        writeCase(w, suite, name, rnd, 0);
    }

    /** @param outputBytes when above 0, every case also logs about this much to system-out, as chatty suites do */
    static void writeCase(Writer w, String suite, String name, SplittableRandom rnd, int outputBytes)
            throws IOException {
        double time = rnd.nextInt(5000) / 1000.0;
        w.write("  <testcase name=\"" + name + "\" classname=\"" + suite + "\" time=\"" + time + "\"");
        int roll = rnd.nextInt(100);
        if (roll < 90 && outputBytes == 0) {
            w.write("/>\n");
            return;
        }
        w.write(">\n");
        if (outputBytes > 0) {
            w.write("    <system-out><![CDATA[");
            for (int n = 0; n < outputBytes; n += 64) {
                w.write("12:00:01.123 DEBUG [pool-1] c.a.Client - poll " + (n % 9973) + " -> 200 OK\n");
            }
            w.write("]]></system-out>\n");
            if (roll < 90) {
                w.write("  </testcase>\n");
                return;
            }
        }
        if (roll < 94) {
            w.write("    <failure message=\"expected: &lt;200&gt; but was: &lt;503&gt;\" "
                    + "type=\"org.opentest4j.AssertionFailedError\"><![CDATA[" + trace(suite, name)
                    + "]]></failure>\n");
        } else if (roll < 97) {
            w.write("    <flakyFailure message=\"Connection reset\" type=\"java.net.SocketException\">\n"
                    + "      <stackTrace><![CDATA[" + trace(suite, name) + "]]></stackTrace>\n    </flakyFailure>\n");
        } else {
            w.write("    <skipped message=\"disabled on CI\"/>\n");
        }
        w.write("    <system-out><![CDATA[12:00:01.123 INFO  [main] c.a.Service - starting " + name
                + "\n12:00:01.456 DEBUG [pool-1] c.a.Client - GET /api/orders -> 503\n]]></system-out>\n");
        w.write("  </testcase>\n");
    }

    private static String caseName(int i) {
        return switch (i % 4) {
            case 0 -> "Creates" + i;
            case 1 -> "Updates" + i + "WhenStale";
            case 2 -> "Rejects" + i + "(int, String)[" + (i % 7) + "]";
            default -> "Handles" + i + "Concurrently";
        };
    }

    private static String trace(String suite, String name) {
        return "org.opentest4j.AssertionFailedError: expected: <200> but was: <503>\n"
                + "\tat org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)\n"
                + "\tat org.junit.jupiter.api.AssertEquals.assertEquals(AssertEquals.java:150)\n"
                + "\tat " + suite + "." + name.replaceAll("[^A-Za-z0-9]", "") + "("
                + suite.substring(suite.lastIndexOf('.') + 1)
                + ".java:42)\n"
                + "\tat java.base/java.lang.reflect.Method.invoke(Method.java:569)\n"
                + "\tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:728)\n";
    }
}
