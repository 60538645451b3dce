package io.flakelens.core.aggregate;

import java.util.List;
import java.util.Locale;

/**
 * The comparison as Markdown for a pull request that refreshes the thresholds: the verdict first,
 * then the P99 increases and decreases, added and removed keys, and every compared row with its P95
 * and P99 moves.
 */
public final class HistoricalSummary {
    private HistoricalSummary() {}

    public static String markdown(HistoricalComparison c, HistoricalKind kind) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Historical ").append(kind.label()).append(" data\n\n");
        sb.append(c.needsReview() ? "**Needs review**: " : "Nothing needs review: ")
                .append(c.increases().size())
                .append(" P99 increase")
                .append(c.increases().size() == 1 ? "" : "s")
                .append(" beyond the leeway of ")
                .append(num(c.leeway()))
                .append("%, ")
                .append(c.decreases().size())
                .append(" P99 decrease")
                .append(c.decreases().size() == 1 ? "" : "s")
                .append(", ")
                .append(c.added().size())
                .append(" added, ")
                .append(c.removed().size())
                .append(" removed; ")
                .append(c.compared().size())
                .append(" rows compared (rows with at least ")
                .append(c.minJobRuns())
                .append(" job runs).\n\n");
        section(sb, "P99 increases beyond the leeway", c.increases());
        section(sb, "P99 decreases", c.decreases());
        section(sb, "Added", c.added());
        section(sb, "Removed", c.removed());
        section(sb, "All compared rows", c.compared());
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<HistoricalChange> rows) {
        sb.append("## ").append(title).append(" (").append(rows.size()).append(")\n\n");
        if (rows.isEmpty()) {
            sb.append("None.\n\n");
            return;
        }
        sb.append("| Key | Job runs | P95 old | P95 new | P95 change | P99 old | P99 new | P99 change |\n");
        sb.append("|-----|---------:|--------:|--------:|-----------:|--------:|--------:|-----------:|\n");
        for (HistoricalChange r : rows) {
            sb.append("| ")
                    .append(r.key().replace("|", "\\|"))
                    .append(" | ")
                    .append(r.jobRuns())
                    .append(" | ")
                    .append(secs(r.oldP95()))
                    .append(" | ")
                    .append(secs(r.newP95()))
                    .append(" | ")
                    .append(pct(r.p95Change()))
                    .append(" | ")
                    .append(secs(r.oldP99()))
                    .append(" | ")
                    .append(secs(r.newP99()))
                    .append(" | ")
                    .append(pct(r.p99Change()))
                    .append(" |\n");
        }
        sb.append('\n');
    }

    private static String secs(Double d) {
        return d == null ? "" : num(d) + "s";
    }

    private static String pct(Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%+.2f%%", d);
    }

    static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }
}
