package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Version 3, the default: v2's similarity graph joined by reason groups (reason, then location). */
class ReasonClusteringTest {
    private final StackTraceClustering v3 = StackTraceClustering.withDefaults();

    private static String java(String headline, String... frames) {
        StringBuilder b = new StringBuilder(headline);
        for (String f : frames) {
            b.append("\n\tat ").append(f);
        }
        return b.append("\n\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)")
                .append("\n\tat org.junit.runners.ParentRunner.run(ParentRunner.java:363)")
                .toString();
    }

    private static boolean together(Clustering c, int a, int b) {
        return c.clusterOf(a).id().equals(c.clusterOf(b).id());
    }

    private static List<FailureText> texts(String... texts) {
        List<FailureText> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(FailureText.of("f" + i, texts[i]));
        }
        return out;
    }

    @Test
    void isTheDefaultAndVersionTwoStaysSelectable() {
        assertThat(v3.name()).isEqualTo("stacktrace-v3").isEqualTo(StackTraceClustering.NAME);
        StackTraceClustering v2 = StackTraceClustering.named(StackTraceClustering.V2);
        assertThat(v2.name()).isEqualTo("stacktrace-v2");
        List<FailureText> two =
                texts("java.lang.IllegalStateException: closed", "java.lang.IllegalStateException: closed");
        assertThat(v2.cluster(two).clusterOf(0).id()).startsWith("stacktrace-v2:");
        assertThat(v3.cluster(two).clusterOf(0).id()).startsWith("stacktrace-v3:");
        assertThatThrownBy(() -> StackTraceClustering.named("stacktrace-v9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stacktrace-v9");
        assertThatThrownBy(() -> v3.withTemplateSimilarity(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresThatDifferOnlyInTheValuesTheirSharedHelperComparedClusterTogether() {
        Clustering c = v3.cluster(texts(
                java(
                        "org.opentest4j.AssertionFailedError: expected: <com.acme.Money@64c87930> but was: <com.acme.Money@5b0abc94>",
                        "org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)",
                        "com.acme.orders.TotalsAssert.assertSameTotal(TotalsAssert.java:40)",
                        "com.acme.orders.OrderServiceTest.refundKeepsTotal(OrderServiceTest.java:88)"),
                java(
                        "org.opentest4j.AssertionFailedError: expected: <com.acme.Money@1f1c7bf6> but was: <com.acme.Money@482cd91f>",
                        "org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)",
                        "com.acme.orders.TotalsAssert.assertSameTotal(TotalsAssert.java:40)",
                        "com.acme.orders.InvoiceTest.discountKeepsTotal(InvoiceTest.java:17)"),
                java(
                        "org.opentest4j.AssertionFailedError: expected: <EUR 12.50> but was: <EUR 11.00>",
                        "org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)",
                        "com.acme.orders.TotalsAssert.assertSameTotal(TotalsAssert.java:40)",
                        "com.acme.orders.CartTest.couponKeepsTotal(CartTest.java:61)"),
                // the same words asserted in another test class, no helper in sight: another check
                java(
                        "org.opentest4j.AssertionFailedError: expected: <3> but was: <2>",
                        "org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)",
                        "com.acme.shipping.ParcelTest.countsParcels(ParcelTest.java:12)")));
        assertThat(together(c, 0, 1)).isTrue();
        assertThat(together(c, 0, 2)).isTrue();
        assertThat(together(c, 0, 3)).isFalse();
    }

    @Test
    void differentExceptionTypesAtTheSameFrameStayApart() {
        String[] frames = {
            "com.acme.csv.Parser.field(Parser.java:88)",
            "com.acme.csv.Parser.row(Parser.java:40)",
            "com.acme.csv.Reader.next(Reader.java:19)",
            "com.acme.csv.ReaderTest.readsQuotedFields(ReaderTest.java:33)"
        };
        Clustering c = v3.cluster(texts(
                java("java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null", frames),
                java("java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"t\" is null", frames),
                java("java.lang.IllegalStateException: unterminated quote at column 17", frames),
                java("java.lang.IllegalStateException: unterminated quote at column 3", frames)));
        assertThat(together(c, 0, 1)).isTrue();
        assertThat(together(c, 2, 3)).isTrue();
        assertThat(together(c, 0, 2)).isFalse();
    }

    @Test
    void aTraceSurefireCutToOneFrameJoinsItsFullerSibling() {
        Clustering c = v3.cluster(
                texts(
                        java(
                                "java.lang.IllegalArgumentException: unknown currency 'XBT'",
                                "com.acme.fx.Currencies.of(Currencies.java:51)",
                                "com.acme.fx.Converter.convert(Converter.java:22)",
                                "com.acme.fx.ConverterTest.convertsBitcoin(ConverterTest.java:40)"),
                        "java.lang.IllegalArgumentException: unknown currency 'DOGE'\n"
                                + "\tat com.acme.fx.ConverterTest.convertsDogecoin(ConverterTest.java:47)",
                        // the same test class failing for another reason is another failure
                        "java.lang.ArithmeticException: / by zero\n\tat com.acme.fx.ConverterTest.convertsZeroRate(ConverterTest.java:55)"));
        assertThat(together(c, 0, 1)).isTrue();
        assertThat(together(c, 0, 2)).isFalse();
    }

    @Test
    void aMessageOnTheLineAfterItsHeadlineIsPartOfTheReason() {
        Clustering c = v3.cluster(texts(
                "java.lang.AssertionError: \nExpected: is \"alice@example.org\"\n     but: was \"ALICE@example.org\"\n"
                        + "\tat com.acme.users.UserLookupTest.isCaseInsensitive(UserLookupTest.java:60)",
                "java.lang.AssertionError: \nExpected: is \"bob@example.org\"\n     but: was \"BoB@example.org\"\n"
                        + "\tat com.acme.users.UserLookupTest.trimsSpaces(UserLookupTest.java:71)",
                "java.lang.AssertionError: \nExpected exception for a duplicate user\n"
                        + "\tat com.acme.users.UserLookupTest.refusesDuplicates(UserLookupTest.java:90)"));
        assertThat(together(c, 0, 1)).isTrue();
        assertThat(together(c, 0, 2)).isFalse();
    }

    @Test
    void buildLogChunksOfOneTemplateClusterWhateverTheirLanguage() {
        Clustering c = v3.cluster(texts(
                "src/net/socket.c:112:9: error: 'SO_REUSEPORT' undeclared (first use in this function)\n"
                        + "  112 |   setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);\n"
                        + "make[2]: *** [Makefile:310: socket.o] Error 1",
                "src/fs/watch.c:48:15: error: 'IN_EXCL_UNLINK' undeclared (first use in this function)\n"
                        + "   48 |   int mask = IN_EXCL_UNLINK | IN_MODIFY;\n"
                        + "make[2]: *** [Makefile:298: watch.o] Error 1",
                "\u001B[31mERROR\u001B[0m Failed to execute goal on project billing: Could not resolve dependencies for project"
                        + " com.acme:billing:jar:2.3.1: Could not find artifact com.acme:ledger:jar:2.3.1 in central\n[ERROR] -> [Help 1]",
                "\\x1b[31mERROR\\x1b[0m Failed to execute goal on project api: Could not resolve dependencies for project"
                        + " com.acme:api:jar:0.9.0: Could not find artifact com.acme:auth:jar:0.9.0 in central\n[ERROR] -> [Help 1]",
                "No output has been received in the last 10m0s, this potentially indicates a stalled build or something"
                        + " wrong with the build itself.\nThe build has been terminated",
                "No output has been received in the last 30m0s, this potentially indicates a stalled build or something"
                        + " wrong with the build itself.\nThe build has been terminated",
                "Killed\nerror Command failed with exit code 137."));
        assertThat(together(c, 0, 1)).as("compiler errors").isTrue();
        assertThat(together(c, 2, 3))
                .as("dependency resolution, coloured or with colours written out")
                .isTrue();
        assertThat(together(c, 4, 5)).as("timeouts").isTrue();
        assertThat(together(c, 0, 2)).isFalse();
        assertThat(together(c, 2, 4)).isFalse();
        assertThat(together(c, 4, 6)).isFalse();
        assertThat(c.clusterOf(6).size()).isEqualTo(1);
    }

    @Test
    void aPythonLogFailsForTheExceptionItsTracebackEndsIn() {
        String preamble = "# ----------------------------------------------------------------------\n# %s\n#\n"
                + "Warning: Permanently added '127.0.0.2' to known hosts.\n";
        String wait = "Traceback (most recent call last):\n"
                + "  File \"/build/test/verify/check-%s\", line %d, in %s\n    b.wait_present(\"#login\")\n"
                + "  File \"/build/test/common/testlib.py\", line 230, in wait_present\n    self.wait_js_func('ph_is_present', selector)\n"
                + "  File \"/build/test/common/testlib.py\", line 224, in wait_js_func\n    raise Error('timeout')\n"
                + "Error: timeout\n";
        Clustering c = v3.cluster(texts(
                String.format(preamble, "testLogin (check_login.TestLogin)")
                        + String.format(wait, "login", 31, "testLogin"),
                String.format(preamble, "testLogout (check_login.TestLogin)") + "Checking the session...\n"
                        + String.format(wait, "login", 77, "testLogout"),
                String.format(preamble, "testReboot (check_system.TestSystem)")
                        + "Traceback (most recent call last):\n  File \"/build/test/verify/check-system\", line 12, in testReboot\n"
                        + "    m.wait_reboot()\n  File \"/build/test/common/testvm.py\", line 300, in wait_reboot\n"
                        + "    raise Failure(\"system did not come back\")\nFailure: system did not come back\n"));
        assertThat(together(c, 0, 1)).isTrue();
        assertThat(together(c, 0, 2)).isFalse();
    }

    @Test
    void theSamePartitionWhateverTheOrderOfTheInput() throws IOException {
        List<FailureText> all = new ArrayList<>();
        try (InputStream in = ReasonClusteringTest.class.getResourceAsStream("/cluster/defects4j-sample.jsonl")) {
            FailureRecords.defaults().readEntries(in, "sample", e -> all.add(e.failure()), p -> {
                throw new AssertionError(p.toString());
            });
        }
        Set<Set<String>> first = partition(all);
        for (int seed = 1; seed <= 5; seed++) {
            List<FailureText> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(partition(shuffled)).isEqualTo(first);
        }
        assertThat(first.size()).isLessThan(all.size()).isGreaterThan(1);
    }

    private Set<Set<String>> partition(List<FailureText> failures) {
        Clustering c = v3.cluster(failures);
        Map<String, Set<String>> groups = new HashMap<>();
        for (int i = 0; i < failures.size(); i++) {
            groups.computeIfAbsent(c.clusterOf(i).id(), k -> new HashSet<>())
                    .add(failures.get(i).id());
        }
        return new HashSet<>(groups.values());
    }
}
