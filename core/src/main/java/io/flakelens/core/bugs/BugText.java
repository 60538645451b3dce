package io.flakelens.core.bugs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words of a bug (GitHub markdown): a title naming the flake, a body with its flake rate,
 * owners, dashboard links and every occurrence (run, change, builder, failure message), and the
 * markers that find it again. Updates are comments with the occurrences since the last touch.
 */
public final class BugText {
    /** Occurrences listed in one text; the rest are counted (GitHub caps a body at 65,536 characters). */
    static final int MAX_ROWS = 50;

    private final String dashboard;

    /** {@code dashboard} is the dashboard's base URL, or null for no links. */
    public BugText(String dashboard) {
        this.dashboard = dashboard == null || dashboard.isBlank() ? null : dashboard.replaceAll("/+$", "");
    }

    public String title(FlakeGroup g) {
        Set<String> tests = g.tests();
        String first = tests.iterator().next();
        String t = tests.size() == 1
                ? "Flaky test: " + first
                : "Flaky tests: " + first + " and " + (tests.size() - 1) + " more of "
                        + g.members().get(0).suite();
        return t.length() > 250 ? t.substring(0, 247) + "..." : t;
    }

    public String body(FlakeGroup g, List<String> owners, Instant now, BugRef previous) {
        StringBuilder sb = new StringBuilder();
        sb.append("Flakelens found ")
                .append(g.tests().size() == 1 ? "this test" : "these tests")
                .append(" flaky and filed this bug under its filing policy.\n\n");
        if (previous != null) {
            sb.append("Previously tracked in ").append(previous.url()).append(" (closed); the flake came back.\n\n");
        }
        summary(sb, g, owners, now);
        sb.append("\n### Occurrences\n\n");
        occurrences(sb, g.occurrences());
        sb.append(
                "\n---\nFiled by Flakelens. Keep the lines below: they let Flakelens find this bug again and never file it twice.\n");
        for (String f : g.flakes()) {
            sb.append("\n")
                    .append(FlakeGroup.marker(f))
                    .append(" `")
                    .append(f.replace("`", "'"))
                    .append('`');
        }
        sb.append('\n');
        return sb.toString();
    }

    /** A comment with the occurrences after {@code since} (all of the window when null). */
    public String update(FlakeGroup g, List<String> owners, Instant now, Instant since, boolean reopened) {
        StringBuilder sb = new StringBuilder(
                reopened ? "The flake came back, so Flakelens reopened this bug.\n\n" : "Still flaky.\n\n");
        summary(sb, g, owners, now);
        List<Occurrence> recent = g.occurrences().stream()
                .filter(o -> since == null || o.at().isAfter(since))
                .toList();
        sb.append("\n### Occurrences")
                .append(since == null ? "" : " since " + since)
                .append("\n\n");
        occurrences(sb, recent.isEmpty() ? g.occurrences() : recent);
        return sb.toString();
    }

    /**
     * The first comment on a ticket people filed for these flakes: Flakelens tracks them there
     * instead of filing its own bug, and says so with the figures and occurrences a bug body has.
     */
    public String adopted(FlakeGroup g, List<String> owners, Instant now) {
        StringBuilder sb = new StringBuilder("Flakelens found ")
                .append(g.tests().size() == 1 ? "this test" : "these tests")
                .append(" flaky and tracks ")
                .append(g.tests().size() == 1 ? "it" : "them")
                .append(" here instead of filing a bug of its own; it comments again when the flake continues.\n\n");
        summary(sb, g, owners, now);
        sb.append("\n### Occurrences\n\n");
        occurrences(sb, g.occurrences());
        return sb.toString();
    }

    private void summary(StringBuilder sb, FlakeGroup g, List<String> owners, Instant now) {
        List<Occurrence> occ = g.occurrences();
        Set<String> changes = new TreeSet<>();
        Set<String> builders = new TreeSet<>();
        occ.forEach(o -> {
            if (o.change() != null) {
                changes.add(o.change());
            }
            builders.add(o.builder() == null ? "(none)" : o.builder());
        });
        long runs = g.runs();
        sb.append("| | |\n|---|---|\n");
        sb.append("| Tests | ")
                .append(String.join(
                        "<br>", g.tests().stream().map(BugText::cell).toList()))
                .append(" |\n");
        sb.append("| Owners | ")
                .append(owners.isEmpty() ? "unknown" : cell(String.join(", ", owners)))
                .append(" |\n");
        sb.append("| Occurrences | ")
                .append(occ.size())
                .append(" as of ")
                .append(now)
                .append(" |\n");
        sb.append("| Flake rate | ")
                .append(
                        runs == 0
                                ? "n/a"
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f%% (%d of %d runs)",
                                        100.0 * Math.min(1.0, (double) occ.size() / runs),
                                        occ.size(),
                                        runs))
                .append(" |\n");
        sb.append("| Changes hurt | ").append(changes.size()).append(" |\n");
        sb.append("| Builders | ").append(cell(String.join(", ", builders))).append(" |\n");
        sb.append("| Score | ").append(g.score()).append(" (Findit) |\n");
        if (dashboard != null) {
            sb.append("| Dashboard | ");
            List<String> links = g.tests().stream()
                    .limit(5)
                    .map(t -> "[" + cell(t) + "](" + dashboard + "/tests/"
                            + URLEncoder.encode(t, StandardCharsets.UTF_8).replace("+", "%20") + ")")
                    .toList();
            sb.append(String.join("<br>", links)).append(" |\n");
        }
    }

    private static void occurrences(StringBuilder sb, List<Occurrence> occ) {
        sb.append("| When (UTC) | Test | Evidence | Job | Builder | Change | Run | Failure |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        int n = 0;
        for (int i = occ.size() - 1; i >= 0 && n < MAX_ROWS; i--, n++) {
            Occurrence o = occ.get(i);
            String run = o.run() == null
                    ? ""
                    : o.runUrl() != null && o.runUrl().matches("https?://\\S+")
                            ? "[" + cell(o.run()) + "](" + o.runUrl() + ")"
                            : cell(o.run());
            sb.append("| ")
                    .append(o.at())
                    .append(" | ")
                    .append(cell(o.test()))
                    .append(" | ")
                    .append(o.kind().label())
                    .append(o.postSubmit() ? " (post-submit)" : "")
                    .append(" | ")
                    .append(cell(o.job()))
                    .append(" | ")
                    .append(cell(o.builder()))
                    .append(" | ")
                    .append(cell(o.change()))
                    .append(" | ")
                    .append(run)
                    .append(" | ")
                    .append(cell(o.message()))
                    .append(" |\n");
        }
        if (occ.size() > MAX_ROWS) {
            sb.append("\n").append(occ.size() - MAX_ROWS).append(" older occurrences not listed.\n");
        }
    }

    /** A table cell: no pipes or newlines, and no @-mentions pinging people from failure messages. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        String c = s.replace("|", "\\|").replace("\r", " ").replace("\n", " ").replace("@", "@\u200b");
        return c.length() > 200 ? c.substring(0, 197) + "..." : c;
    }
}
