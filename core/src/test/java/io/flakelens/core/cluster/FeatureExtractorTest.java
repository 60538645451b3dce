package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
    private static final String TRACE = """
            java.lang.IllegalStateException: pool 7 exhausted after 30ms
            \tat com.acme.pool.Pool.take(Pool.java:88)
            \tat com.acme.pool.Pool$$Lambda$14/0x0000000800066840.get(Unknown Source)
            \tat com.acme.pool.PoolTest.testTake(PoolTest.java:21)
            \tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
            \tat org.junit.runners.ParentRunner.run(ParentRunner.java:363)
            Caused by: java.io.IOException: socket closed
            \tat com.acme.net.Socket.read(Socket.java:12)
            \t... 4 more
            """;

    @Test
    void readsTheExceptionTheMessageTemplateAndTheFirstCodeFrame() {
        Features f = FeatureExtractor.extract(TRACE);
        assertThat(f.headline()).isEqualTo("java.lang.IllegalStateException: pool <n> exhausted after <dur>");
        assertThat(f.site()).isEqualTo("com.acme.pool.Pool.take");
        assertThat(TraceLine.read("Caused by: java.io.IOException: socket 12 closed", false))
                .isEqualTo(new TraceLine.Thrown("java.io.IOException", "socket <n> closed", true));
        assertThat(TraceLine.read("\tSuppressed: java.lang.IllegalStateException", false))
                .isEqualTo(new TraceLine.Thrown("java.lang.IllegalStateException", "", true));
        assertThat(TraceLine.read("Note: restarting", false)).isInstanceOf(TraceLine.Text.class);
    }

    @Test
    void runnerFramesLineNumbersAndLambdaAddressesDoNotChangeTheFeatures() {
        String otherRun = TRACE.replace("Pool.java:88", "Pool.java:90")
                .replace("Lambda$14/0x0000000800066840", "Lambda$31/0x00000008000a1c40")
                .replace("ParentRunner.java:363", "ParentRunner.java:400")
                .replace("pool 7 exhausted after 30ms", "pool 3 exhausted after 12ms");
        Features a = FeatureExtractor.extract(TRACE);
        Features b = FeatureExtractor.extract(otherRun);
        // only the top frame's line number differs (it names the exact statement)
        assertThat(FeatureWeights.similarity(a.keys(), a.roles(), b.keys(), b.roles()))
                .isGreaterThan(0.8);
        String withoutRunner = TRACE.replace("\tat org.junit.runners.ParentRunner.run(ParentRunner.java:363)\n", "")
                .replace("\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n", "");
        assertThat(FeatureExtractor.extract(withoutRunner).keys()).containsExactly(a.keys());
    }

    @Test
    void generatedNumbersInNamesAreMaskedButDigitsAPersonWroteAreNot() {
        assertThat(frame("\tat com.acme.Pool$$Lambda$14/0x0000000800066840.get(Unknown Source)")
                        .name())
                .isEqualTo("com.acme.Pool$$Lambda$<n>.get");
        assertThat(frame("\tat com.acme.Pool$1.run(Pool.java:3)").name()).isEqualTo("com.acme.Pool$<n>.run");
        assertThat(frame("\tat com.acme.Svc$$EnhancerBySpringCGLIB$$3f2a91c.call(<generated>)")
                        .name())
                .isEqualTo("com.acme.Svc$$EnhancerBySpringCGLIB$$<n>.call");
        // an inner class whose name happens to be all hex letters stays
        assertThat(frame("\tat com.acme.Codec$Decade.run(Codec.java:3)").name()).isEqualTo("com.acme.Codec$Decade.run");
        // different classes, different frames
        assertThat(frame("\tat org.bc.digests.Sha1Digest.update(Sha1Digest.java:9)")
                        .name())
                .isEqualTo("org.bc.digests.Sha1Digest.update");
        assertThat(frame("\tat com.acme.e2e.Http2Client.send(Http2Client.java:9)")
                        .name())
                .isEqualTo("com.acme.e2e.Http2Client.send");
        assertThat(frame("\tat org.bc.digests.Sha256Digest.update(Sha256Digest.java:9)")
                        .name())
                .isEqualTo("org.bc.digests.Sha256Digest.update");
        // numbered sibling tests are one test written several times over
        assertThat(frame(
                                "\tat org.jfree.data.junit.DatasetUtilitiesTests.testBug2849731_2(DatasetUtilitiesTests.java:1276)")
                        .name())
                .isEqualTo("org.jfree.data.junit.DatasetUtilitiesTests.testBug<n>_<n>");
        assertThat(frame("\tat com.acme.codec.Base64.encode3(Base64.java:12)").name())
                .isEqualTo("com.acme.codec.Base64.encode3");
    }

    private static TraceLine.Frame frame(String line) {
        return (TraceLine.Frame) TraceLine.read(line, false);
    }

    @Test
    void aDifferentCodeFrameUnderTheSameExceptionIsADifferentFailure() {
        Features a = FeatureExtractor.extract(TRACE);
        Features b = FeatureExtractor.extract(
                TRACE.replace("com.acme.pool.Pool.take(Pool.java:88)", "com.acme.cache.Cache.evict(Cache.java:88)")
                        .replace("Pool$$Lambda", "Cache$$Lambda")
                        .replace("com.acme.net.Socket.read", "com.acme.disk.File.read"));
        assertThat(FeatureWeights.similarity(a.keys(), a.roles(), b.keys(), b.roles()))
                .isLessThan(0.6);
    }

    @Test
    void readsPythonTracebacksAndLogLines() {
        String log = """
                # testTeam (check_networking_team.TestNetworking)
                not ok 118 testTeam (check_networking_team.TestNetworking) duration: 125s
                Traceback (most recent call last):
                  File "/build/cockpit/test/verify/check-networking-team", line 81, in testTeam
                    b.wait_present("#slaves")
                  File "/build/cockpit/test/common/testlib.py", line 847, in _invoke
                    raise Error(res['error'])
                Error: timeout
                """;
        Features f = FeatureExtractor.extract(log);
        assertThat(f.headline()).isEqualTo("Error: timeout");
        assertThat(f.site()).isEqualTo("check-networking-team.testTeam");
        assertThat(f.keys()).hasSizeGreaterThan(6);
    }

    @Test
    void emptyAndBinaryTextsGiveFeaturesWithoutFailing() {
        assertThat(FeatureExtractor.extract("").keys()).isEmpty();
        assertThat(FeatureExtractor.extract(null).keys()).isEmpty();
        StringBuilder garbage = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            garbage.append((char) r.nextInt(0, 0xFFFF));
        }
        assertThat(FeatureExtractor.extract(garbage.toString())).isNotNull();
    }
}
