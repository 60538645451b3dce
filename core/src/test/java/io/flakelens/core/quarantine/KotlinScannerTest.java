package io.flakelens.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kotlin tests muted with the JVM's annotations, named as JUnit's reports name them; look-alikes in
 * strings, raw strings, comments and on non-test functions are not entries. The list is the whole truth.
 */
class KotlinScannerTest {
    @TempDir
    Path dir;

    private static final String SOURCE = """
            package com.acme.cart

            import org.junit.jupiter.api.Disabled
            import org.junit.jupiter.api.Nested
            import org.junit.jupiter.api.Tag
            import org.junit.jupiter.api.Test

            /* @Disabled("in a comment") fun commented() */
            class CartTest(private val clock: Clock = Clock.fixed()) : BaseTest() {
                private val sample = \"""
                    @Disabled("in a raw string") fun raw() {}
                \"""

                @Test
                @Disabled("flaky on CI, CART-12")
                fun `adds an item`() {
                    val s = "@Ignore is only text here"
                    assertThat(cart.items { it.size }).isEqualTo(1)
                }

                @Test
                fun passes() = runTest { }

                @Tag("flaky") @Test internal fun tagged() {}

                @Tag("slow") @Test fun onlySlow() {}

                @Disabled("not a test, but muted all the same")
                fun helper() {}

                @Disabled("whole group, CART-7")
                @Nested
                inner class Checkout {
                    @Test fun pays() {}
                    @Test fun `refunds twice`() {}
                }

                companion object {
                    @JvmStatic fun data() = listOf(1, 2)
                }
            }

            @org.junit.Ignore
            class LegacyTest {
                @org.junit.Test fun old() {}
            }

            @Disabled
            object EmptyMutedTest
            """;

    @Test
    void annotationsOnTestsAndClassesAreFoundAndNamedAsReportsNameThem() throws Exception {
        Path file = dir.resolve("src/test/kotlin/com/acme/cart/CartTest.kt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SOURCE);
        ScanResult r = new QuarantineScanner(Markers.defaults()).scan(new FolderTree(dir), null);
        assertThat(r.warnings()).isEmpty();
        String at = "src/test/kotlin/com/acme/cart/CartTest.kt:";
        assertThat(r.entries())
                .map(FixtureRepo::line)
                .containsExactly(
                        at
                                + "15 test com.acme.cart.CartTest::adds an item @Disabled CART-12 | flaky on CI, CART-12 | null",
                        at + "24 test com.acme.cart.CartTest::tagged @Tag null | null | null",
                        at
                                + "28 test com.acme.cart.CartTest::helper @Disabled null | not a test, but muted all the same | null",
                        at
                                + "31 class com.acme.cart.CartTest$Checkout::pays @Disabled CART-7 | whole group, CART-7 | null",
                        at
                                + "31 class com.acme.cart.CartTest$Checkout::refunds twice @Disabled CART-7 | whole group, CART-7 | null",
                        at + "43 class com.acme.cart.LegacyTest::old @Ignore null | null | null",
                        at + "48 class com.acme.cart.EmptyMutedTest::* @Disabled null | null | null");
        assertThat(r.entries()).allMatch(e -> e.language() == Language.KOTLIN);
    }

    @Test
    void aBrokenFileIsSkippedWithItsLine() throws Exception {
        Path file = dir.resolve("BrokenTest.kt");
        Files.writeString(file, "class BrokenTest {\n  @Disabled(\"never closed)\n  @Test fun t() {}\n}\n");
        ScanResult r = new QuarantineScanner(Markers.defaults()).scan(new FolderTree(dir), null);
        assertThat(r.entries()).isEmpty();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("BrokenTest.kt")
                .contains("line 2");
        assertThat(Language.ofLabel("kt")).isEqualTo(Language.KOTLIN);
    }
}
