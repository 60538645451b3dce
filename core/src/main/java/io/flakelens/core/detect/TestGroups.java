package io.flakelens.core.detect;

import io.flakelens.core.model.TestId;
import java.util.regex.Pattern;

/**
 * The group key under which parameterised variants of one test are counted together, after
 * Chromium Findit's rules, with its one-digit bug fixed ({@code /11} is a parameter too), plus the
 * common parameter spellings of other runners.
 */
public final class TestGroups {
    // gtest value-parameterised: Prefix/Suite.Test/7 -> Suite.Test (the instantiation prefix names a
    // parameter generator, not a test). Findit's stored pattern [\d+\*] matched a single digit only.
    private static final Pattern GTEST_VALUE = Pattern.compile("^(?:[^/.]+/)?([^/.]+)\\.([^/]+)/(?:\\d+|\\*)$");
    // gtest type-parameterised: Prefix/Suite/3.Test -> Suite.Test
    private static final Pattern GTEST_TYPE = Pattern.compile("^(?:[^/.]+/)?([^/.]+)/(?:\\d+|\\*)\\.([^/]+)$");
    // pytest ids carry parameters in brackets: test_x[a-1]
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*\\]$");
    // JUnit 5 display names: "[3] a, b" or "test(int)[2]" or "test(String, int)"
    private static final Pattern JUNIT5_INDEX = Pattern.compile("^\\[\\d+\\]\\s*.*$|\\[\\d+\\]$");
    private static final Pattern PARENS = Pattern.compile("\\([^()]*\\)$");
    // Layout (web) tests: virtual/<suite>/ repeats a test under another flag set; ?query picks a variant.
    private static final Pattern VIRTUAL = Pattern.compile("^virtual/[^/]+/");
    // Chromium's PRE_ tests prepare state for the test of the same name; they belong to it.
    private static final Pattern PRE = Pattern.compile("(^|[.:/])(?:PRE_)+");
    private static final Pattern TRAILING_PARAM = Pattern.compile(".*/(\\d+|\\*)$");
    private static final Pattern TRAILING_INDEX = Pattern.compile("\\[\\d+\\]$");

    private TestGroups() {}

    public static String groupKey(TestId id) {
        String suite = id.suite();
        String name = id.name();
        if (plain(suite) && plain(name)) {
            // Nearly every test name has none of the characters the rules look at: skip the regexes.
            return id.id();
        }
        // gtest reports split "Prefix/Suite/3" into classname and "Test" into name, or
        // "Prefix/Suite" and "Test/3": rejoin to apply one rule.
        if (!suite.isEmpty()
                && (suite.contains("/") || TRAILING_PARAM.matcher(name).matches())) {
            String joined = suite + "." + name;
            String g = gtest(joined);
            if (g != null) {
                return g;
            }
        }
        String g = gtest(name);
        if (g != null) {
            return suite.isEmpty() ? g : suite + "::" + g;
        }
        name = stripName(name);
        return suite.isEmpty() ? name : suite + "::" + name;
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '[' || c == '(' || c == '?') {
                return false;
            }
        }
        return !s.contains("PRE_");
    }

    private static String gtest(String s) {
        s = PRE.matcher(s).replaceAll("$1");
        var m = GTEST_VALUE.matcher(s);
        if (m.matches()) {
            return m.group(1) + "." + m.group(2);
        }
        m = GTEST_TYPE.matcher(s);
        if (m.matches()) {
            return m.group(1) + "." + m.group(2);
        }
        return null;
    }

    static String stripName(String name) {
        String n = PRE.matcher(name).replaceAll("$1");
        int q = n.indexOf('?');
        if (q > 0 && (n.contains(".html") || n.contains(".htm") || n.contains(".svg") || n.contains(".js"))) {
            n = n.substring(0, q);
        }
        n = VIRTUAL.matcher(n).replaceFirst("");
        n = BRACKETS.matcher(n).replaceFirst("");
        if (JUNIT5_INDEX.matcher(n).matches() && n.startsWith("[")) {
            return n; // a bare "[3] args" display name has nothing else to group on
        }
        n = TRAILING_INDEX.matcher(n).replaceFirst("");
        n = PARENS.matcher(n).replaceFirst("");
        return n.isEmpty() ? name : n;
    }
}
