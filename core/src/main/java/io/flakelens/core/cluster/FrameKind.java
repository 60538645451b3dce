package io.flakelens.core.cluster;

import java.util.List;

/**
 * Whose code a frame runs. Runner frames (the JDK, reflection, test runners, build tools) are in
 * nearly every trace and say nothing about the fault; test frames say which test saw it; code
 * frames (everything else) are the code under test, where the fault is, and count most.
 */
enum FrameKind {
    RUNNER,
    TEST,
    CODE;

    /** Packages of the JDK, reflection, test frameworks, assertion libraries and build tools. */
    private static final List<String> RUNNER_PACKAGES = List.of(
            "java.",
            "javax.",
            "jdk.",
            "sun.",
            "com.sun.",
            "junit.",
            "org.junit.",
            "org.testng.",
            "org.opentest4j.",
            "org.hamcrest.",
            "org.assertj.",
            "org.apache.tools.ant.",
            "org.apache.maven.surefire.",
            "org.apache.maven.plugin.surefire.",
            "org.gradle.",
            "worker.org.gradle.",
            "org.eclipse.jdt.internal.junit",
            "com.intellij.",
            "kotlin.coroutines.",
            "kotlinx.coroutines.",
            "org.spockframework.",
            "org.codehaus.groovy.",
            "groovy.lang.",
            "net.bytebuddy.",
            "org.springframework.test.",
            "org.jetbrains.kotlin.test.");
    /** Python and JavaScript runners, by a directory in their path. */
    private static final List<String> RUNNER_PATHS = List.of(
            "/unittest/",
            "/_pytest/",
            "/pytest/",
            "/pluggy/",
            "site-packages/",
            "dist-packages/",
            "node_modules/",
            "internal/",
            "/usr/lib/python",
            "/usr/local/go/src/",
            "/testing/");

    static FrameKind ofClass(String owner) {
        for (String p : RUNNER_PACKAGES) {
            if (owner.startsWith(p)) {
                return RUNNER;
            }
        }
        // generated reflection accessors and dynamic proxies
        if (owner.contains("$Proxy") || owner.contains("GeneratedMethodAccessor")) {
            return RUNNER;
        }
        int dot = owner.lastIndexOf('.');
        String simple = owner.substring(dot + 1);
        int inner = simple.indexOf('$');
        if (inner > 0) {
            simple = simple.substring(0, inner);
        }
        if (simple.endsWith("Test")
                || simple.endsWith("Tests")
                || simple.endsWith("TestCase")
                || simple.endsWith("IT")
                || simple.startsWith("Test")
                || owner.contains(".test.")
                || owner.contains(".tests.")
                || owner.contains(".junit.")) {
            return TEST;
        }
        return CODE;
    }

    static FrameKind ofFile(String path) {
        String p = path.replace('\\', '/');
        for (String r : RUNNER_PATHS) {
            if (p.contains(r)) {
                return RUNNER;
            }
        }
        String name = TraceLine.fileName(p);
        if (name.startsWith("test_")
                || name.startsWith("check-")
                || name.endsWith("_test.py")
                || name.endsWith("_test.go")
                || name.contains(".test.")
                || name.contains(".spec.")
                || p.contains("/test/")
                || p.contains("/tests/")) {
            return TEST;
        }
        return CODE;
    }
}
