package io.flakelens.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made TestGrid documents in the shapes TestGrid serves: a classic table (columns newest
 * first, statuses run-length encoded, one message per result cell) and the v1 API's headers and rows.
 */
final class TestGridTables {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long NEWEST = 1767225600000L;
    static final long HOUR = 3_600_000L;

    /** A tab's columns (newest first) and each test's status codes, one per column. */
    record Tab(String job, List<String> builds, List<String> commits, Map<String, int[]> tests) {
        Tab {
            tests = new LinkedHashMap<>(tests);
        }

        /** The table after one more build ran, its column the newest. */
        Tab withNewColumn(String build, String commit, Map<String, Integer> codes) {
            List<String> b = new java.util.ArrayList<>(builds);
            b.add(0, build);
            List<String> c = new java.util.ArrayList<>(commits);
            c.add(0, commit);
            Map<String, int[]> t = new LinkedHashMap<>();
            tests.forEach((name, s) -> {
                int[] n = new int[s.length + 1];
                n[0] = codes.getOrDefault(name, 0);
                System.arraycopy(s, 0, n, 1, s.length);
                t.put(name, n);
            });
            return new Tab(job, b, c, t);
        }
    }

    private TestGridTables() {}

    static String table(Tab tab) {
        ObjectNode t = JSON.createObjectNode();
        t.put("test-group-name", tab.job().replace("-", ""));
        t.put("query", "widgets-ci-logs/logs/" + tab.job());
        ArrayNode builds = t.putArray("changelists");
        ArrayNode times = t.putArray("timestamps");
        for (int c = 0; c < tab.builds().size(); c++) {
            builds.add(tab.builds().get(c));
            times.add(NEWEST - c * HOUR);
        }
        t.putArray("column-header-names").add("Commit").add("infra-commit");
        ArrayNode custom = t.putArray("custom-columns");
        for (String commit : tab.commits()) {
            custom.addArray().add(commit).add("infra-1");
        }
        ArrayNode tests = t.putArray("tests");
        tab.tests().forEach((name, codes) -> {
            ObjectNode test = tests.addObject();
            test.put("name", name);
            ArrayNode statuses = test.putArray("statuses");
            ArrayNode messages = test.putArray("messages");
            ArrayNode shorts = test.putArray("short_texts");
            int c = 0;
            while (c < codes.length) {
                int end = c;
                while (end < codes.length && codes[end] == codes[c]) {
                    end++;
                }
                statuses.addObject().put("count", end - c).put("value", codes[c]);
                c = end;
            }
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] != 0) {
                    messages.add(
                            codes[i] == 1
                                    ? ""
                                    : name + " failed in build " + tab.builds().get(i));
                    shorts.add(codes[i] == 1 ? "" : "F");
                }
            }
        });
        return t.toString();
    }

    static String headers(Tab tab) {
        ObjectNode h = JSON.createObjectNode();
        ArrayNode list = h.putArray("headers");
        for (int c = 0; c < tab.builds().size(); c++) {
            ObjectNode col = list.addObject();
            col.put("build", tab.builds().get(c));
            col.put("started", java.time.Instant.ofEpochMilli(NEWEST - c * HOUR).toString());
            col.putArray("extra").add(tab.commits().get(c)).add("infra-1");
        }
        return h.toString();
    }

    static String rows(Tab tab) {
        ObjectNode r = JSON.createObjectNode();
        ArrayNode list = r.putArray("rows");
        tab.tests().forEach((name, codes) -> {
            ObjectNode row = list.addObject();
            row.put("name", name);
            ArrayNode cells = row.putArray("cells");
            for (int i = 0; i < codes.length; i++) {
                ObjectNode cell = cells.addObject();
                if (codes[i] != 0) {
                    // protobuf's JSON leaves a zero result out
                    cell.put("result", codes[i]);
                }
                if (codes[i] > 1) {
                    cell.put(
                            "message", name + " failed in build " + tab.builds().get(i));
                }
            }
        });
        return r.toString();
    }
}
