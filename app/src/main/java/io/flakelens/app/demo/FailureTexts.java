package io.flakelens.app.demo;

/**
 * What failures say. Each cause speaks the way its real counterpart does: flakes vary their numbers
 * from attempt to attempt (a port, a timeout, an elapsed time) so clustering has to normalise them;
 * a regression says the same thing on every run; an infrastructure failure says one thing across
 * every test of the run.
 */
final class FailureTexts {
    static final String INFRA_TYPE = "java.net.ConnectException";
    static final String INFRA_MESSAGE = "Connection refused (cluster api unreachable)";
    static final String ENV_TYPE = "java.lang.IllegalStateException";
    static final String ENV_MESSAGE =
            "Could not find a valid Docker environment. Please see logs and check configuration";
    /** Distinct flake modes a Java test may have; gtest tests fold them onto fewer. */
    static final int FLAKE_MODES = 8;

    private static final String ASSERTION = "org.opentest4j.AssertionFailedError";
    private static final String[] ASSERT_FRAMES = {
        "org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)",
        "org.junit.jupiter.api.AssertionFailureBuilder.buildAndThrow(AssertionFailureBuilder.java:132)",
        "org.junit.jupiter.api.AssertEquals.failNotEqual(AssertEquals.java:197)",
        "org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:1145)"
    };
    private static final String[] TIMEOUT_FRAMES = {
        "org.junit.jupiter.engine.extension.TimeoutExceptionFactory.create(TimeoutExceptionFactory.java:29)",
        "org.junit.jupiter.engine.extension.SameThreadTimeoutInvocation.proceed(SameThreadTimeoutInvocation.java:58)"
    };
    private static final String[] SOCKET_FRAMES = {
        "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
        "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)",
        "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
        "com.acme.testing.HttpFixture.get(HttpFixture.java:64)"
    };
    private static final String[] AWAIT_FRAMES = {
        "org.awaitility.core.ConditionAwaiter.await(ConditionAwaiter.java:167)",
        "org.awaitility.core.ConditionFactory.until(ConditionFactory.java:985)"
    };
    private static final String[] BIND_FRAMES = {
        "java.base/sun.nio.ch.Net.bind0(Native Method)",
        "java.base/sun.nio.ch.Net.bind(Net.java:565)",
        "com.acme.testing.StubServer.start(StubServer.java:38)"
    };
    private static final String[] CME_FRAMES = {
        "java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1095)",
        "java.base/java.util.ArrayList$Itr.next(ArrayList.java:1049)"
    };
    private static final String[] NPE_FRAMES = {};
    private static final String[] INFRA_FRAMES = {
        "java.base/sun.nio.ch.Net.pollConnect(Native Method)",
        "java.base/sun.nio.ch.Net.pollConnectNow(Net.java:672)",
        "java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:542)",
        "com.acme.testing.ClusterClient.connect(ClusterClient.java:57)"
    };
    private static final String[] ENV_FRAMES = {
        "com.acme.testing.Containers.dockerClient(Containers.java:88)",
        "com.acme.testing.Containers.start(Containers.java:41)"
    };
    private static final String[] TAIL = {
        "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
        "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:767)"
    };

    /**
     * @param error a Surefire {@code error} (an exception) rather than a {@code failure} (an assertion)
     */
    record FailureText(String type, String message, String trace, boolean error) {}

    private FailureTexts() {}

    /** A flaky attempt; {@code h} varies per run and attempt. */
    static FailureText flake(SimTest t, boolean gtest, int mode, long h) {
        long v = h >>> 1;
        if (gtest) {
            return switch (mode % 3) {
                case 0 -> gtest(t, 3, "Expected: (elapsed_ms) < (50), actual: " + (51 + v % 200) + " vs 50");
                case 1 -> gtest(t, 5, "Value of: queue.size()\n  Actual: " + (1 + v % 7) + "\nExpected: 0");
                default -> gtest(t, 2, "Failed\nDeadline exceeded after " + (100 + v % 900) + " ms waiting for worker");
            };
        }
        return switch (mode % FLAKE_MODES) {
            case 0 ->
                java(
                        t,
                        4,
                        false,
                        ASSERTION,
                        "expected: <200> but was: <" + (500 + new int[] {0, 2, 3, 4}[(int) (v % 4)]) + ">",
                        ASSERT_FRAMES);
            case 1 ->
                java(
                        t,
                        1,
                        true,
                        "java.util.concurrent.TimeoutException",
                        t.method() + "() timed out after " + (5 + v % 26) + " seconds",
                        TIMEOUT_FRAMES);
            case 2 -> java(t, 6, true, "java.net.SocketTimeoutException", "Read timed out", SOCKET_FRAMES);
            case 3 ->
                java(
                        t,
                        3,
                        true,
                        "org.awaitility.core.ConditionTimeoutException",
                        "Condition with " + t.classname() + " was not fulfilled within " + (10 + v % 3 * 5)
                                + " seconds.",
                        AWAIT_FRAMES);
            case 4 -> {
                long a = 1000 + v % 9000;
                long b = a + 1 + (v >>> 20) % 50;
                yield java(
                        t,
                        5,
                        false,
                        ASSERTION,
                        "expected: <[" + a + ", " + b + "]> but was: <[" + b + ", " + a + "]>",
                        ASSERT_FRAMES);
            }
            case 5 ->
                java(
                        t,
                        2,
                        true,
                        "java.net.BindException",
                        "Address already in use: bind (port " + (30_000 + v % 30_000) + ")",
                        BIND_FRAMES);
            case 6 -> java(t, 7, false, ASSERTION, "expected: <SHIPPED> but was: <PENDING>", ASSERT_FRAMES);
            default -> java(t, 3, true, "java.util.ConcurrentModificationException", null, CME_FRAMES);
        };
    }

    /** A real breakage: the same words on every run, fixed by {@code salt} (one per breakage). */
    static FailureText regression(SimTest t, boolean gtest, long salt) {
        long v = salt >>> 1;
        long expected = 2 + v % 200;
        long actual = expected + 1 + (v >>> 16) % 9;
        if (gtest) {
            return gtest(
                    t,
                    4,
                    "Expected equality of these values:\n  " + lowerFirst(t.method()) + "(input)\n" + "    Which is: "
                            + actual + "\n  expected\n    Which is: " + expected);
        }
        if ((v >>> 32) % 3 == 0) {
            return java(
                    t,
                    2,
                    true,
                    "java.lang.NullPointerException",
                    "Cannot invoke \"" + t.classname().replaceAll("(Test|IT|E2ETest)$", "")
                            + ".getId()\" because \"result\" is null",
                    NPE_FRAMES);
        }
        return java(t, 3, false, ASSERTION, "expected: <" + expected + "> but was: <" + actual + ">", ASSERT_FRAMES);
    }

    static FailureText infra(SimTest t, boolean gtest) {
        if (gtest) {
            return gtest(t, 0, "Failed\n" + INFRA_TYPE + ": " + INFRA_MESSAGE);
        }
        return java(t, 1, true, INFRA_TYPE, INFRA_MESSAGE, INFRA_FRAMES);
    }

    static FailureText brokenEnvironment(SimTest t, boolean gtest) {
        if (gtest) {
            return gtest(t, 0, "Failed\n" + ENV_TYPE + ": " + ENV_MESSAGE);
        }
        return java(t, 1, true, ENV_TYPE, ENV_MESSAGE, ENV_FRAMES);
    }

    private static FailureText java(
            SimTest t, int lineOffset, boolean error, String type, String message, String[] frames) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(type);
        if (message != null) {
            sb.append(": ").append(message);
        }
        sb.append('\n');
        for (String f : frames) {
            sb.append("\tat ").append(f).append('\n');
        }
        sb.append("\tat ")
                .append(t.classname())
                .append('.')
                .append(t.method())
                .append('(')
                .append(t.source())
                .append(':')
                .append(t.line() + lineOffset)
                .append(")\n");
        for (String f : TAIL) {
            sb.append("\tat ").append(f).append('\n');
        }
        return new FailureText(type, message, sb.toString(), error);
    }

    /** googletest puts file:line and the whole explanation into the message; the type stays empty. */
    private static FailureText gtest(SimTest t, int lineOffset, String text) {
        String message = t.source() + ":" + (t.line() + lineOffset) + "\n" + text;
        return new FailureText("", message, message, false);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
