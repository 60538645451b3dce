package io.flakelens.app.cli;

import io.flakelens.app.changepoint.RepositoryOrder;
import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.RerunPlanJson;
import io.flakelens.core.changepoint.Changepoint;
import io.flakelens.core.changepoint.CommitRuns;
import io.flakelens.core.changepoint.Probe;
import io.flakelens.core.changepoint.RerunPlan;
import io.flakelens.core.changepoint.RerunPlanner;
import io.flakelens.core.changepoint.Reruns;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.core.model.TestId;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.store.Database;
import io.flakelens.store.changepoint.CommitOrder;
import io.flakelens.store.changepoint.SegmentedHistory;
import io.flakelens.store.changepoint.TestChanges;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens rerun-plan ID}: which commits to rerun a test at, and how often, to find the
 * commit that made it flaky or failing. Reruns are ingested as ordinary main-line runs of the
 * probed commit (same job and builder, {@code --revision} of the probe) and feed the next plan;
 * when one commit remains it is named.
 */
@Command(
        name = "rerun-plan",
        description = "Plan reruns that narrow where a test began flaking or failing to one commit.")
final class RerunPlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    CommitOrderOptions commitOrder;

    @Mixin
    FormatOptions output;

    @Parameters(paramLabel = "ID", description = "The test, as suite::name")
    String id;

    @Option(
            names = "--job",
            description = "The job whose history to use (default: where the test's current trouble began last)")
    String job;

    @Option(names = "--builder", description = "The builder whose history to use")
    String builder;

    @Override
    public Integer call() {
        SegmentedHistory h;
        CommitOrder order = commitOrder.order();
        try (Database db = store.open()) {
            List<SegmentedHistory> all =
                    new TestChanges(db, order).of(TestId.parse(id).key());
            if (all.isEmpty()) {
                throw new UserException("no main-line runs of " + id + " in " + db.spec(), 1);
            }
            List<SegmentedHistory> chosen = all.stream()
                    .filter(x -> (job == null || job.equals(x.history().job()))
                            && (builder == null || builder.equals(x.history().builder())))
                    .toList();
            h = SegmentedHistory.mostRecentTrouble(chosen);
            if (h == null) {
                throw new UserException(
                        id + " is stable now on "
                                + (chosen.isEmpty() ? "no matching job and builder" : "every matching job and builder")
                                + ": nothing to narrow down",
                        1);
            }
        }
        RerunPlan plan = plan(h);
        PrintWriter out = spec.commandLine().getOut();
        String culpritUrl =
                plan.done() && order instanceof RepositoryOrder repo ? repo.commitUrl(plan.culprit()) : null;
        RerunPlanJson json = RerunPlanJson.of(id, h, plan, culpritUrl);
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(json));
        } else if (plan.done()) {
            out.printf(
                    "%s on %s/%s: %s since %s; culprit: %s%n",
                    id,
                    json.job(),
                    json.builder(),
                    json.state(),
                    json.through(),
                    culpritUrl == null ? plan.culprit() : plan.culprit() + " " + culpritUrl);
        } else {
            out.printf(
                    "%s on %s/%s is %s (failure rate %.3f) since a commit after %s, through %s.%n",
                    id,
                    json.job(),
                    json.builder(),
                    json.state(),
                    json.failureRate(),
                    json.after() == null ? "(none known yet: looking back)" : json.after(),
                    json.through());
            out.printf(
                    "Rerun it %d times at each of these commits, ingest the reports with --revision, then ask again:%n",
                    plan.iterations());
            for (Probe p : plan.probes()) {
                out.printf("  %s  x%d%n", p.revision(), p.iterations());
            }
        }
        out.flush();
        return 0;
    }

    /**
     * From the latest segment's changepoint, or, when the history has no cut, a lookback from its
     * earliest bad commit; the runs already stored at each commit count as reruns.
     */
    static RerunPlan plan(SegmentedHistory h) {
        Segment latest = h.latest();
        Changepoint c = latest.start();
        List<CommitRuns> commits = h.history().commits();
        int lower;
        int upper;
        if (c != null) {
            lower = c.lower();
            upper = c.upper();
        } else {
            lower = -1;
            upper = 0;
            while (upper < commits.size() - 1 && commits.get(upper).unexpected() == 0) {
                upper++;
            }
        }
        Map<Integer, Reruns> reruns = new HashMap<>();
        for (int i = 0; i < commits.size(); i++) {
            reruns.put(i, new Reruns(commits.get(i).runs(), commits.get(i).unexpected()));
        }
        List<String> revisions = commits.stream().map(CommitRuns::revision).toList();
        return RerunPlanner.defaults().plan(revisions, lower, upper, latest.unexpectedRate(), reruns);
    }
}
