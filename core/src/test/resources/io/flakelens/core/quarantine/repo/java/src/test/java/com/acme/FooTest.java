package com.acme;

import org.junit.Ignore;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/** @Disabled in a comment is no marker. */
class FooTest {
    static final String S = "@Disabled(\"in a string\")";

    @Test
    @Disabled("flaky, see ACME-12")
    void testBar() {
    }

    @Ignore
    @Test
    public void testIgnored() {
    }

    @Test
    @DisabledIfEnvironmentVariable(
            disabledReason = "times out on CI #31",
            named = "CI",
            matches = "true")
    void testOnCi() {
    }

    @Test
    @Tag("flaky")
    void testTagged() {
    }

    @Test
    @Tag("slow")
    void testSlowNotMuted() {
    }

    @Test
    @Tags({@Tag("fast"), @Tag(value = "Flaky")})
    void testTags() {
    }

    @org.junit.jupiter.api.Disabled(value = "qualified " + "name")
    @Test
    void testQualified() {
    }

    @Test
    void testPlain() {
    }

    @Nested
    @Disabled("whole nested class JIRA-5")
    class Inner {
        @Test
        void testBar() {
        }

        @Nested
        class Deeper {
            @Test
            void testDeep() {
            }
        }
    }
}

@Ignore("no tests visible here")
class EmptyIgnoredTest extends BaseTest {
}
