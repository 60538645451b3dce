package io.flakelens.core.bugs;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a flake's activity at {@code now} earns it a bug: in the window it hurt at least
 * {@code minChanges} distinct changes (presubmit evidence of the counted kinds; patchsets of one
 * change count once) or had at least {@code minPostSubmit} post-submit occurrences, and one of those
 * counted occurrences is within {@code recent} of now. Times are half-open: an occurrence exactly
 * one window old is out ({@code now - window < at <= now}), likewise for {@code recent}.
 */
public record Qualification(boolean qualifies, long changes, long postSubmit, Instant latest, String reason) {

    public static Qualification of(FlakeActivity a, FilingPolicy p, Instant now) {
        Instant windowStart = now.minus(p.window());
        Instant recentStart = now.minus(p.recent());
        Set<String> changes = new HashSet<>();
        long post = 0;
        Instant latest = null;
        for (Occurrence o : a.occurrences()) {
            if (!o.at().isAfter(windowStart) || o.at().isAfter(now)) {
                continue;
            }
            boolean counted;
            if (o.postSubmit()) {
                post++;
                counted = true;
            } else {
                counted = o.change() != null && p.changeKinds().contains(o.kind());
                if (counted) {
                    changes.add(o.change());
                }
            }
            if (counted && (latest == null || o.at().isAfter(latest))) {
                latest = latest == null || o.at().isAfter(latest) ? o.at() : latest;
            }
        }
        boolean enough = changes.size() >= p.minChanges() || post >= p.minPostSubmit();
        boolean recent = latest != null && latest.isAfter(recentStart);
        String why = !enough
                ? changes.size() + " changes hurt and " + post + " post-submit occurrences in the last "
                        + p.window().toHours() + "h (needs " + p.minChanges() + " or " + p.minPostSubmit() + ")"
                : !recent
                        ? "no counted occurrence in the last " + p.recent().toHours() + "h (latest " + latest + ")"
                        : changes.size() + " changes hurt, " + post + " post-submit occurrences, latest " + latest;
        return new Qualification(enough && recent, changes.size(), post, latest, why);
    }
}
