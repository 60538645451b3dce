package io.flakelens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.store.RealData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster bench on the shared real failures (when they are on the machine), with few synthetic
 * traces: it re-runs Cockpit's anchor to its published figure and scores both clusterers on each
 * labelling with the shared scripts. Quality is asserted, never time.
 */
class ClusterBenchTest {
    private static final Pattern ARI = Pattern.compile("ARI=(\\d\\.\\d+)");

    @TempDir
    Path dir;

    @Test
    void printsEveryLabellingWithTheAnchorReRunBeside() throws Exception {
        Path failures = RealData.require("failures/cockpit_learn.jsonl.gz").getParent();
        StringWriter text = new StringWriter();
        new ClusterBench(new PrintWriter(text, true), dir).run(failures, 1_000);
        String out = text.toString();
        List<String> lines = out.lines().toList();

        assertThat(ari(line(lines, "Cockpit NCD, run here       586"))).isEqualTo(0.436);
        assertThat(ari(line(lines, "Cockpit NCD, run here       200"))).isEqualTo(0.331);
        assertThat(ari(line(lines, "all 5 projects"))).isGreaterThanOrEqualTo(0.55);
        // by cause and on the logs where test is the cause, Flakelens is ahead of the anchor
        List<Double> ours = new ArrayList<>();
        List<Double> anchor = new ArrayList<>();
        for (String l : lines) {
            if (l.contains("Flakelens, log only")) {
                ours.add(ari(l));
            } else if (l.contains("Cockpit NCD, run here") && !l.contains("failures,")) {
                anchor.add(ari(l));
            }
        }
        assertThat(ours).hasSize(2);
        assertThat(anchor).hasSize(2);
        assertThat(ours.get(0)).isGreaterThan(anchor.get(0) + 0.3);
        assertThat(ours.get(1)).isGreaterThan(anchor.get(1));
        assertThat(out)
                .contains(
                        "20 of 23 pull requests are all merged or all unmerged", "pull request only          AUC=0.9");
    }

    private static String line(List<String> lines, String start) {
        return lines.stream()
                .filter(l -> l.contains(start))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + start + " in\n" + String.join("\n", lines)));
    }

    private static double ari(String line) {
        Matcher m = ARI.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
