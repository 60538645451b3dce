package io.flakelens.core.testgrid;

import static io.flakelens.core.testgrid.GridJson.array;
import static io.flakelens.core.testgrid.GridJson.kind;
import static io.flakelens.core.testgrid.GridJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dashboard's summary, which says the state of each of its tabs: the classic {@code /summary}
 * (an object from tab name to {@code {overall_status, ...}}) or the v1 API's {@code /tab-summaries}
 * ({@code {tab_summaries: [{tab_name, overall_status, ...}]}}).
 */
public final class DashboardSummary {
    private DashboardSummary() {}

    public static List<TabState> read(String label, JsonNode n) throws TestGridException {
        GridJson.Shape shape = GridJson.shape(n);
        List<TabState> out = new ArrayList<>();
        if (shape == GridJson.Shape.TAB_SUMMARIES) {
            JsonNode list = array(label, "", n, "tab_summaries", "tabSummaries", true);
            for (int i = 0; i < list.size(); i++) {
                JsonNode s = list.get(i);
                String where = "\"tab_summaries\"[" + i + "]";
                if (!s.isObject()) {
                    throw new TestGridException(label, where + " is " + kind(s) + ", expected an object");
                }
                String tab = text(label, where + ".", s, "tab_name", "tabName");
                if (tab == null || tab.isBlank()) {
                    throw new TestGridException(label, where + " has no \"tab_name\"");
                }
                out.add(new TabState(tab, status(label, where, s)));
            }
            return out;
        }
        if (shape == GridJson.Shape.SUMMARY || (n.isObject() && n.isEmpty())) {
            Iterator<Map.Entry<String, JsonNode>> tabs = n.fields();
            while (tabs.hasNext()) {
                Map.Entry<String, JsonNode> t = tabs.next();
                GridJson.storable(label, "a tab name", t.getKey());
                out.add(new TabState(t.getKey(), status(label, "tab \"" + t.getKey() + "\"", t.getValue())));
            }
            return out;
        }
        throw new TestGridException(
                label, "not a dashboard summary (expected tab names with their \"overall_status\")");
    }

    private static String status(String label, String where, JsonNode s) throws TestGridException {
        String status = text(label, where + ".", s, "overall_status", "overallStatus");
        return status == null ? "UNKNOWN" : status.strip().toUpperCase(Locale.ROOT);
    }
}
