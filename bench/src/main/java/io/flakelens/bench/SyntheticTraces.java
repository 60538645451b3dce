package io.flakelens.bench;

import io.flakelens.core.cluster.FailureText;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many failures from a few real ones: each real stack trace becomes four failure modes (its code
 * frames moved to one of four packages; the modes' truth is the bug and the package), and each occurrence of a mode gets fresh line numbers, object
 * hashes and values in its message, so no two occurrences are identical texts and only masking
 * and rarity make them alike.
 */
final class SyntheticTraces {
    static final String FALLBACK =
            "java.lang.IllegalStateException: boom 42\n\tat com.acme.Service.run(Service.java:10)\n"
                    + "\tat com.acme.ServiceTest.testRun(ServiceTest.java:20)\n";
    private static final int VARIANTS = 4;
    /** Numbers that vary between occurrences: line numbers and values, not the digits of a name ({@code math3}, {@code Base64}). */
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_$\\d])\\d+");

    private static final Pattern CODE_FRAME = Pattern.compile("at (org\\.|com\\.)(?!junit|apache\\.tools)");

    private SyntheticTraces() {}

    static int modes(List<FailureText> seeds) {
        return seeds.size() * VARIANTS;
    }

    /** The failure mode a synthetic trace was made from, from its id. */
    static String mode(FailureText t) {
        return t.id().substring(t.id().lastIndexOf("-m") + 2);
    }

    /** Failures of one Defects4J bug ({@code d4j:Lang-1:0}) share a cause: the bug, not the record. */
    private static String cause(String seedId) {
        String[] parts = seedId.split(":");
        return parts.length == 3 ? parts[1] : seedId;
    }

    static List<FailureText> make(List<FailureText> seeds, int n, SplittableRandom rnd) {
        List<FailureText> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int mode = rnd.nextInt(seeds.size() * VARIANTS);
            String text = seeds.get(mode / VARIANTS).text();
            int variant = mode % VARIANTS;
            if (text.length() > 8_192) {
                text = text.substring(0, 8_192);
            }
            String prefix = "variant" + (char) ('a' + variant) + ".";
            text = CODE_FRAME.matcher(text).replaceAll(m -> "at " + m.group(1) + prefix);
            Matcher m = NUMBER.matcher(text);
            StringBuilder b = new StringBuilder(text.length() + 16);
            while (m.find()) {
                m.appendReplacement(b, rnd.nextInt(4) == 0 ? String.valueOf(rnd.nextInt(2_000)) : m.group());
            }
            m.appendTail(b);
            // a lambda frame: its number and address differ in every JVM
            b.append("\n\tat com.acme.pool.Worker$$Lambda$")
                    .append(rnd.nextInt(500))
                    .append("/0x0000000800")
                    .append(Integer.toHexString(rnd.nextInt(1 << 24)))
                    .append(".run(Unknown Source)\n");
            out.add(FailureText.of(
                    "syn-" + i + "-m" + cause(seeds.get(mode / VARIANTS).id()) + "/" + variant, b.toString()));
        }
        return out;
    }

    /**
     * Distinct made-up seed failures for when no real ones are at hand: each its own exception, message,
     * package and call chain, so a model of their variants has many neighbourhoods, as a real one does.
     */
    static List<FailureText> varied(int n, SplittableRandom rnd) {
        String[] types = {
            "java.lang.IllegalStateException",
            "java.lang.NullPointerException",
            "java.io.IOException",
            "java.util.concurrent.TimeoutException",
            "org.opentest4j.AssertionFailedError",
            "java.net.ConnectException"
        };
        String[] areas = {"billing", "cart", "auth", "search", "pricing", "inventory", "mail", "report"};
        List<FailureText> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String area = areas[i % areas.length];
            String cls = "com.acme." + area + ".Part" + i;
            StringBuilder b = new StringBuilder(types[rnd.nextInt(types.length)])
                    .append(": step ")
                    .append(rnd.nextInt(50))
                    .append(" of ")
                    .append(area)
                    .append(" failed for case ")
                    .append(i)
                    .append('\n');
            int depth = 3 + rnd.nextInt(6);
            for (int d = 0; d < depth; d++) {
                b.append("\tat ")
                        .append(cls)
                        .append(".call")
                        .append(d)
                        .append("(Part")
                        .append(i)
                        .append(".java:")
                        .append(10 + rnd.nextInt(300))
                        .append(")\n");
            }
            b.append("\tat com.acme.")
                    .append(area)
                    .append(".Part")
                    .append(i)
                    .append("Test.testIt(Part")
                    .append(i)
                    .append("Test.java:")
                    .append(20 + rnd.nextInt(100))
                    .append(")\n");
            b.append("\tat org.junit.runners.ParentRunner.run(ParentRunner.java:363)\n");
            out.add(FailureText.of("made:" + area + "-" + i + ":0", b.toString()));
        }
        return out;
    }

    /** A CI log of about {@code size} characters: boot noise, progress lines, then a traceback. */
    static String bigLog(int size, SplittableRandom rnd) {
        StringBuilder b = new StringBuilder(size + 1_000);
        b.append("# ----\n# testSomething (check_thing.TestThing)\n#\n");
        while (b.length() < size) {
            b.append(String.format(
                    "[%8.3f] kernel: eth%d: link up, speed %d Mbps, id %08x%n",
                    rnd.nextDouble() * 1000, rnd.nextInt(4), 100 * rnd.nextInt(100), rnd.nextInt()));
        }
        b.append(
                "Traceback (most recent call last):\n  File \"/build/test/verify/check-thing\", line 42, in testSomething\n"
                        + "    b.wait_present('#thing')\nError: timeout\n");
        return b.toString();
    }
}
