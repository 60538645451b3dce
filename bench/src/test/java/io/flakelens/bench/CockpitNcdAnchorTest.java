package io.flakelens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.core.cluster.ClusterAgreement;
import io.flakelens.store.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The re-run anchor must be Cockpit's method, or the bench's comparisons on other labellings mean
 * nothing: its masks, its stop lines, its row-wise DBSCAN, and (where the shared failures are on the
 * machine) the exact figure Cockpit's own code reached on defects4j.
 */
class CockpitNcdAnchorTest {
    @Test
    void tokensAreStrippedLinesWithHashesDigitsAndDirectoriesMasked() {
        String sha = "030ca60025c7c6c20941bf6f12570967d71fbee7d5e29f00d2e1229eb95d518b";
        assertThat(CockpitNcdAnchor.tokenize(
                        "  step 12 of 300\r\nimage " + sha + "\rFile /build/cockpit/test/testvm.py, ok\n"))
                .containsExactly("step 000 of 000", "image " + "x".repeat(64), "File testvm.py, ok", "");
        assertThat(CockpitNcdAnchor.tokenize("id 1b4e28ba-2fa1-11d2-883f-0016d3cca427"))
                .containsExactly("id xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
    }

    @Test
    void dbscanReadsNeighboursAlongTheRowAndCountsThePointItself() {
        double[][] d = {
            {0, 0.1, 0.2, 0.9, 0.9},
            {0.1, 0, 0.9, 0.9, 0.9},
            {0.2, 0.9, 0, 0.9, 0.9},
            // 3 is close to 4 only in its own row: as a core point it would need 3 neighbours, it has 2
            {0.9, 0.9, 0.9, 0, 0.1},
            {0.9, 0.9, 0.9, 0.9, 0}
        };
        int[] label = CockpitNcdAnchor.dbscan(d, 3);
        // 0 is core (itself, 1, 2); 1 and 2 are its border points; 3 and 4 are noise
        assertThat(label).containsExactly(0, 0, 0, -1, -1);
        assertThat(CockpitNcdAnchor.dbscan(d, 2)).containsExactly(0, 0, 0, 1, 1);
    }

    @Test
    void linesInMoreThanSeventeenPercentOfLogsAreIgnoredSoTheRestDecides() {
        List<String> logs = new ArrayList<>();
        String banner = "# ----------------------------------------------------------------------\nrunning the suite\n";
        String diskFull = "curl: (23) Failed writing body\nraise Exception(\"download failed\")\n"
                + "some very particular words about the storage pool being full and unusable for the image cache\n";
        String timeout = "Error: timeout waiting for the login page to show the dashboard, gave up after a minute\n"
                + "selector #login-button never became visible, the browser console said nothing at all\n";
        for (int i = 0; i < 4; i++) {
            logs.add(banner + diskFull);
            logs.add(banner + timeout);
        }
        // 22 more, each its own: the two groups of 4 are 13% of 30 logs, under the 17% cut
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 22; i++) {
            StringBuilder words = new StringBuilder(banner);
            for (int w = 0; w < 12; w++) {
                for (int c = 0; c < 7; c++) {
                    words.append((char) ('a' + random.nextInt(26)));
                }
                words.append(w % 4 == 3 ? '\n' : ' ');
            }
            logs.add(words.toString());
        }
        int[] label = CockpitNcdAnchor.cluster(logs);
        assertThat(IntStream.range(0, 8).map(i -> label[i]).filter(l -> l < 0)).isEmpty();
        assertThat(label[0]).isNotEqualTo(label[1]);
        assertThat(IntStream.range(0, 8)
                        .filter(i -> i % 2 == 0)
                        .map(i -> label[i])
                        .distinct()
                        .count())
                .isEqualTo(1);
        assertThat(IntStream.range(0, 8)
                        .filter(i -> i % 2 == 1)
                        .map(i -> label[i])
                        .distinct()
                        .count())
                .isEqualTo(1);
        assertThat(IntStream.range(8, 30).map(i -> label[i])).containsOnly(-1);
    }

    @Test
    void reproducesCockpitsOwnFigureOnDefects4j() throws Exception {
        Path file = RealData.require("failures/defects4j_dev.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode n = json.readTree(line);
            texts.add(n.path("text").asText());
            truth.add(n.path("label").asText());
        }
        int[] label = CockpitNcdAnchor.cluster(texts);
        List<String> got = IntStream.range(0, label.length)
                .mapToObj(i -> label[i] < 0 ? "noise-" + i : "c" + label[i])
                .toList();
        // the failures folder's README: Cockpit NCD + DBSCAN on defects4j_dev, ARI 0.436, F1 0.446
        ClusterAgreement a = ClusterAgreement.of(truth, got);
        assertThat(a.ari()).isBetween(0.4355, 0.4365);
        assertThat(a.f1()).isBetween(0.4455, 0.4465);
    }
}
