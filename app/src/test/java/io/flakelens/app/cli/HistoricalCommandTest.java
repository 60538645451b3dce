package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flakelens historical} from files to exit code, JSON, merged data and summary. */
class HistoricalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String alert(String name, int runs, String p95, String p99) {
        return "{\"AlertName\":\"" + name + "\",\"AlertNamespace\":\"openshift-etcd\",\"AlertLevel\":\"warning\","
                + "\"Release\":\"4.18\",\"FromRelease\":\"4.17\",\"Platform\":\"aws\",\"Architecture\":\"amd64\","
                + "\"Network\":\"ovn\",\"Topology\":\"ha\",\"JobRuns\":" + runs + ",\"P50\":\"0\",\"P75\":\"0\","
                + "\"P95\":\"" + p95 + "\",\"P99\":\"" + p99 + "\"}";
    }

    private Path file(String name, String... rows) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "[\n" + String.join(",\n", rows) + "\n]\n");
        return p;
    }

    @Test
    void aP99RiseBeyondTheLeewayNeedsReview() throws Exception {
        Path cur = file(
                "cur.json",
                alert("Up", 500, "10", "20"),
                alert("Down", 500, "10", "20"),
                alert("Same", 500, "1", "2"),
                alert("Gone", 500, "1", "2"));
        Path nxt = file(
                "new.json",
                alert("Up", 500, "11", "27"),
                alert("Down", 500, "10", "15"),
                alert("Same", 500, "1", "2.5"),
                alert("Fresh", 500, "3", "4"));
        Path out = dir.resolve("merged.json");
        Path md = dir.resolve("pr.md");
        Cli c = Cli.run(
                "historical",
                "--data-type",
                "alerts",
                "--current",
                cur.toString(),
                "--new",
                nxt.toString(),
                "--leeway",
                "30",
                "--output-file",
                out.toString(),
                "--summary-file",
                md.toString(),
                "--format",
                "json");
        assertThat(c.exit()).as(c.err()).isEqualTo(3);
        JsonNode v = JSON.readTree(c.out());
        assertThat(v.get("needs_review").asBoolean()).isTrue();
        // Same: 2 -> 2.5 is +25%, within 30
        assertThat(v.get("increases")).hasSize(1);
        JsonNode up = v.get("increases").get(0);
        assertThat(up.get("key").asText()).isEqualTo("Up_4.17_4.18_amd64_aws_ovn_ha");
        assertThat(up.get("name").asText()).isEqualTo("Up");
        assertThat(up.get("old_p99").asDouble()).isEqualTo(20.0);
        assertThat(up.get("new_p99").asDouble()).isEqualTo(27.0);
        assertThat(up.get("p99_change_percent").asDouble()).isEqualTo(35.0);
        assertThat(up.get("old_p95").asDouble()).isEqualTo(10.0);
        assertThat(up.get("p95_change_percent").asDouble()).isEqualTo(10.0);
        assertThat(v.get("decreases").get(0).get("name").asText()).isEqualTo("Down");
        assertThat(v.get("added").get(0).get("name").asText()).isEqualTo("Fresh");
        assertThat(v.get("added").get(0).get("old_p99").isNull()).isTrue();
        assertThat(v.get("removed").get(0).get("name").asText()).isEqualTo("Gone");

        JsonNode merged = JSON.readTree(out.toFile());
        assertThat(merged).hasSize(4);
        assertThat(merged.get(0).get("AlertName").asText()).isEqualTo("Down");
        assertThat(merged.get(0).get("AlertNamespace").asText()).isEqualTo("openshift-etcd");
        assertThat(Files.readString(md)).startsWith("# Historical alerts data").contains("**Needs review**");
    }

    @Test
    void nothingToReviewExitsZero() throws Exception {
        Path cur = file("cur.json", alert("A", 500, "10", "20"));
        Path nxt = file("new.json", alert("A", 500, "12", "25"));
        Cli c = Cli.run(
                "historical",
                "--data-type",
                "alerts",
                "--current",
                cur.toString(),
                "--new",
                nxt.toString(),
                "--leeway",
                "30");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).startsWith("nothing needs review: 0 P99 increases beyond 30%");
    }

    @Test
    void aBadRowIsNamedAndNothingIsWritten() throws Exception {
        Path cur = file("cur.json", alert("A", 500, "10", "20"));
        Path nxt = file("new.json", alert("A", 500, "10", "20"), alert("B", 500, "10", "-1"));
        Path out = dir.resolve("merged.json");
        Path md = dir.resolve("pr.md");
        Files.writeString(md, "previous");
        Cli c = Cli.run(
                "historical",
                "--data-type",
                "alerts",
                "--current",
                cur.toString(),
                "--new",
                nxt.toString(),
                "--output-file",
                out.toString(),
                "--summary-file",
                md.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err())
                .contains("new.json: row 2 (B_4.17_4.18_amd64_aws_ovn_ha): P99 is negative: \"-1\"")
                .contains("nothing written");
        assertThat(out).doesNotExist();
        assertThat(Files.readString(md)).isEqualTo("previous");

        Cli wrongType = Cli.run(
                "historical", "--data-type", "disruptions", "--current", cur.toString(), "--new", nxt.toString());
        assertThat(wrongType.exit()).isEqualTo(2);
        assertThat(wrongType.err()).contains("cur.json: row 1: missing BackendName");
        Cli missing = Cli.run(
                "historical",
                "--data-type",
                "alerts",
                "--current",
                dir.resolve("no.json").toString(),
                "--new",
                nxt.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no.json: no such file");
    }

    @Test
    void aRepeatedKeyWarnsNamingBothRowsAndUsesTheRowWithMoreJobRuns() throws Exception {
        Path cur = file("cur.json", alert("A", 500, "10", "20"));
        // row 1 has 120 runs, row 2 (same key) 900: row 2's P99 of 21 is compared, within the leeway
        Path nxt = file("new.json", alert("A", 120, "10", "90"), alert("A", 900, "10", "21"));
        Path out = dir.resolve("merged.json");
        Cli c = Cli.run(
                "historical",
                "--data-type",
                "alerts",
                "--current",
                cur.toString(),
                "--new",
                nxt.toString(),
                "--output-file",
                out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.err())
                .contains("flakelens: warning: " + nxt + ": rows 1 and 2 have the same key"
                        + " A_4.17_4.18_amd64_aws_ovn_ha; using row 2 (900 job runs, the other has 120)");
        JsonNode merged = JSON.readTree(out.toFile());
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).get("P99").asText()).isEqualTo("21");
    }

    @Test
    void theOutputFilesGetTheUmasksPermissionsAndKeepANullAsNull() throws Exception {
        String row = "{\"BackendName\":\"kube-api\",\"Release\":\"4.18\",\"FromRelease\":\"\",\"Platform\":\"\","
                + "\"Architecture\":\"amd64\",\"Network\":\"ovn\",\"Topology\":\"single\",\"MasterNodesUpdated\":null,"
                + "\"JobRuns\":300,\"P95\":\"1\",\"P99\":\"2\"}";
        Path cur = file("cur.json", row);
        Path nxt = file("new.json", row);
        Path out = dir.resolve("out/merged.json");
        Path md = dir.resolve("out/pr.md");
        Cli c = Cli.run(
                "historical",
                "--data-type",
                "disruptions",
                "--current",
                cur.toString(),
                "--new",
                nxt.toString(),
                "--output-file",
                out.toString(),
                "--summary-file",
                md.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        // what a new file gets here from the umask (0644 under the usual 022), as a shell's > gives it
        Path probe = Files.createFile(dir.resolve("out/probe"));
        var expected = Files.getPosixFilePermissions(probe);
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(md)).isEqualTo(expected);
        assertThat(Files.readString(out)).contains("\"MasterNodesUpdated\" : null");
        try (var left = Files.list(dir.resolve("out"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("merged.json", "pr.md", "probe");
        }
    }
}
