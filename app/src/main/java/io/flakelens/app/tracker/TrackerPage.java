package io.flakelens.app.tracker;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.flakelens.core.tracker.TrackerReport;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tracker report as one self-contained HTML page (inline style, no scripts), rendered by the
 * same precompiled jte templates as the dashboard: written by {@code --format html} and served by
 * {@code --port}. A refresh period, when given, makes the browser reload the page.
 */
public final class TrackerPage {
    private static final TemplateEngine JTE = TemplateEngine.createPrecompiled(ContentType.Html);

    private TrackerPage() {}

    public static String html(TrackerReport report, Integer refreshSeconds) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("report", report);
        params.put("refreshSeconds", refreshSeconds);
        StringOutput out = new StringOutput();
        JTE.render("tracker.jte", params, out);
        return out.toString();
    }

    /** A cell's text: rates with three decimals, as the text formats print them. */
    public static String cell(Object v) {
        return v == null ? "" : v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v.toString();
    }

    /** Only http(s) links are links: a bug URL from the tracker could otherwise be javascript:. */
    public static boolean isLink(String s) {
        return s.startsWith("https://") || s.startsWith("http://");
    }
}
