package io.flakelens.app.serve;

import io.flakelens.core.changepoint.Changepoint;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.store.changepoint.SegmentedHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One job and builder's main-line history drawn as a strip over its commits: a block per segment,
 * coloured by state, and over each change the band of commits it lies in. Positions are percentages
 * of the strip, so the page draws it with plain CSS, no script. Public for the page templates.
 */
public record SegmentStrip(String job, String builder, int commits, List<Block> blocks, List<Band> bands) {
    /** A segment: where it starts and how wide it is (percent), its state and a tooltip. */
    public record Block(double left, double width, String state, String title) {}

    /** A change's interval: the commits after {@code after} through {@code through}. */
    public record Band(double left, double width, String title) {}

    static SegmentStrip of(SegmentedHistory h) {
        int n = h.history().commits().size();
        List<Block> blocks = new ArrayList<>();
        List<Band> bands = new ArrayList<>();
        for (Segment s : h.segments()) {
            blocks.add(new Block(
                    pct(s.first(), n),
                    pct(s.last() - s.first() + 1, n),
                    s.state().label(),
                    String.format(
                            Locale.ROOT,
                            "%s..%s: %s, %d runs, failure rate %.1f%%",
                            h.revision(s.first()),
                            h.revision(s.last()),
                            s.state().label(),
                            s.runs(),
                            100 * s.unexpectedRate())));
            Changepoint c = s.start();
            if (c != null) {
                bands.add(new Band(
                        pct(c.lower() + 1, n),
                        pct(c.width(), n),
                        String.format(
                                Locale.ROOT,
                                "began after %s, through %s (%d commits, %.0f%%)",
                                h.revision(c.lower()),
                                h.revision(c.upper()),
                                c.width(),
                                100 * c.confidence())));
            }
        }
        return new SegmentStrip(h.history().job(), h.history().builder(), n, blocks, bands);
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 100.0;
    }
}
