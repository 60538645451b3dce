package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlakeModelTest {
    private static String trace(String type, String site, int line) {
        return type + ": failed at step " + line + "\n\tat " + site + "(X.java:" + line + ")\n\tat com.acme."
                + site.substring(site.lastIndexOf('.') + 1) + "Test.test(XTest.java:" + (line + 1) + ")\n"
                + "\tat org.junit.runners.ParentRunner.run(ParentRunner.java:363)\n";
    }

    /** Ten timeouts that were flakes, ten assertion failures that were real, and ten unrelated one-offs. */
    private static List<FailureText> labelled() {
        List<FailureText> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new FailureText(
                    "timeout-" + i,
                    trace("java.util.concurrent.TimeoutException", "com.acme.net.Client.await", 10 + i),
                    "t" + i,
                    "e2e",
                    true));
            out.add(new FailureText(
                    "assert-" + i,
                    trace("java.lang.AssertionError", "com.acme.tax.Rates.compute", 40 + i),
                    "r" + i,
                    "unit",
                    false));
            out.add(new FailureText(
                    "other-" + i,
                    trace(
                            "com.acme.Error" + (char) ('A' + i) + "Exception",
                            "com.acme.m" + (char) ('a' + i) + ".Thing.run",
                            70 + i),
                    "o" + i,
                    "unit",
                    i % 2 == 0));
        }
        return out;
    }

    @Test
    void aFailureLikeKnownFlakesIsProbablyAFlakeAndLikeKnownRegressionsProbablyNot() {
        FlakeModel m = FlakeModel.learn(labelled(), StackTraceClustering.withDefaults(), true);
        FlakePrediction flake = m.predict(FailureText.of(
                "new-1", trace("java.util.concurrent.TimeoutException", "com.acme.net.Client.await", 99)));
        FlakePrediction real =
                m.predict(FailureText.of("new-2", trace("java.lang.AssertionError", "com.acme.tax.Rates.compute", 99)));
        FlakePrediction unknown = m.predict(FailureText.of("new-3", "segmentation fault in libfoo.so"));
        assertThat(flake.flakeProbability()).isGreaterThan(0.8);
        assertThat(flake.similar()).isNotEmpty().allMatch(id -> id.startsWith("timeout-"));
        assertThat(flake.cluster())
                .startsWith(StackTraceClustering.NAME + ":")
                .isNotEqualTo(StackTraceClustering.NAME + ":new");
        assertThat(flake.why()).contains("were flaky");
        assertThat(real.flakeProbability()).isLessThan(0.2);
        // nothing similar: the base rate, not a coin toss
        assertThat(unknown.flakeProbability()).isEqualTo(m.baseRate());
        assertThat(unknown.cluster()).isEqualTo(StackTraceClustering.NAME + ":new");
        assertThat(unknown.why()).contains("base rate");
        // one labelled neighbour: said in the singular, with its label
        FlakePrediction single =
                m.predict(FailureText.of("new-4", trace("com.acme.ErrorAException", "com.acme.ma.Thing.run", 123)));
        assertThat(single.similar()).containsExactly("other-0");
        assertThat(single.why())
                .startsWith("the only similar labelled failure, other-0 (similarity")
                .contains("was flaky");
    }

    @Test
    void aModelReadBackPredictsExactlyTheSame() throws IOException {
        FlakeModel m = FlakeModel.learn(labelled(), StackTraceClustering.withDefaults(), true);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        m.write(buf);
        FlakeModel back = FlakeModel.read(new ByteArrayInputStream(buf.toByteArray()));
        for (FailureText f : labelled()) {
            assertThat(back.predict(f)).isEqualTo(m.predict(f));
        }
    }

    @Test
    void aModelOfAnotherFormatOrAlgorithmIsRefusedWithAClearMessage() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        FlakeModel.learn(labelled(), StackTraceClustering.withDefaults(), false).write(buf);
        String json = buf.toString(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(json.replace("\"format\":1", "\"format\":2")))
                .hasMessageContaining("format 2")
                .hasMessageContaining("flakelens learn");
        assertThatThrownBy(() -> read(json.replace(StackTraceClustering.NAME, "stacktrace-v0")))
                .hasMessageContaining("stacktrace-v0")
                .hasMessageContaining("flakelens learn");
        assertThatThrownBy(() -> read("{\"kind\":\"something-else\",\"format\":1}"))
                .hasMessageContaining("something-else");
        assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"kind\":\"flakelens-flake-model\",\"format\":1,"))
                .isInstanceOf(IOException.class);
    }

    private static FlakeModel read(String json) throws IOException {
        return FlakeModel.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void crossValidationKeepsAChangesFailuresOnOneSide() {
        List<FailureText> all = labelled();
        List<String> groups = new ArrayList<>();
        for (FailureText f : all) {
            groups.add(f.id().substring(0, f.id().indexOf('-')));
        }
        double[] byRecord = CrossValidation.predict(all, null, 5, StackTraceClustering.withDefaults());
        FlakeScores s = CrossValidation.score(all, byRecord);
        assertThat(s.count()).isEqualTo(all.size());
        assertThat(s.auc()).isGreaterThan(0.8);
        // holding out a whole family leaves nothing like it to learn from: every prediction falls back on rates
        double[] byGroup = CrossValidation.predict(all, groups, 5, StackTraceClustering.withDefaults());
        FlakeScores g = CrossValidation.score(all, byGroup);
        assertThat(g.auc()).isLessThan(s.auc());
    }
}
