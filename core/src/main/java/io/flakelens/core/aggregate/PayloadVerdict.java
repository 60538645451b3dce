package io.flakelens.core.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The judgement of one payload: every test of its runs, failures first.
 *
 * @param historyFrom start of the history window; it ends at {@code firstRun}
 */
public record PayloadVerdict(
        String payload, String job, int runs, Instant firstRun, Instant historyFrom, List<Judgement> tests) {

    public PayloadVerdict {
        tests = tests.stream()
                .sorted(Comparator.comparing((Judgement j) -> j.verdict() == Verdict.PASS)
                        .thenComparing(j -> j.test().id().id()))
                .toList();
    }

    public Verdict verdict() {
        return failed() > 0 ? Verdict.FAIL : Verdict.PASS;
    }

    public long failed() {
        return tests.stream().filter(j -> j.verdict() == Verdict.FAIL).count();
    }

    public long historyAssumed() {
        return tests.stream()
                .filter(j -> j.historyAssumed() && j.judgedOnHistory())
                .count();
    }

    /**
     * What the judgement can detect, per number of attempts among the tests it judged on history:
     * the detectable drop at their median historical percentage, and how many of them have a weak
     * judgement. Most payloads give one line (every test ran in every run).
     */
    public List<Power> power() {
        Map<Integer, List<Judgement>> byAttempts = new TreeMap<>(Comparator.reverseOrder());
        for (Judgement j : tests) {
            if (j.judgedOnHistory()) {
                byAttempts
                        .computeIfAbsent(j.test().attempts(), k -> new ArrayList<>())
                        .add(j);
            }
        }
        List<Power> out = new ArrayList<>();
        byAttempts.forEach((n, js) -> {
            int[] percents =
                    js.stream().mapToInt(Judgement::historicalPercent).sorted().toArray();
            int median = percents[(percents.length - 1) / 2];
            long weak = js.stream().filter(j -> j.power().weak()).count();
            out.add(new Power(n, js.size(), median, dropAt(js, median), weak));
        });
        return out;
    }

    private static int dropAt(List<Judgement> js, int percent) {
        for (Judgement j : js) {
            if (j.historicalPercent() == percent) {
                return j.power().drop();
            }
        }
        return -1;
    }

    /**
     * @param medianPercent median historical percentage of these tests
     * @param drop          detectable drop at the median, whole points (-1: none)
     * @param weak          tests among these whose judgement could miss their pass rate halving
     */
    public record Power(int attempts, int tests, int medianPercent, int drop, long weak) {
        public String sentence() {
            String head = tests + " test" + (tests == 1 ? "" : "s") + " judged on " + attempts + " attempts: ";
            String body = drop < 0
                    ? "at a median history of " + medianPercent + "% no drop can be detected"
                    : "at their median history of " + medianPercent + "% a drop of " + drop + " points (to "
                            + (medianPercent - drop) + "%) is caught " + Math.round(JudgementPower.POWER * 100)
                            + "% of the time";
            return head + body + (weak > 0 ? "; " + weak + " of them too weak to catch their pass rate halving" : "");
        }
    }
}
