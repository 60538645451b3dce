package io.flakelens.app.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.flakelens.app.owner.OwnedFlake;
import io.flakelens.app.owner.OwnedFlakes;
import io.flakelens.core.owner.Owners;
import io.flakelens.store.changepoint.TestChanges;
import io.flakelens.store.cluster.ClusterStore;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.query.DashboardQuery;
import io.flakelens.store.query.DashboardQuery.JobDay;
import io.flakelens.store.query.JobQuery;
import io.flakelens.store.query.JobSummary;
import io.flakelens.store.query.RunQuery;
import io.flakelens.store.query.RunSummary;
import io.flakelens.store.query.TestHistory;
import io.flakelens.store.query.TestHistoryQuery;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML dashboard: one handler per page, rendered by precompiled jte templates (src/main/jte).
 * Parameters mean what the API's mean; each page links to its JSON twin with the same query.
 */
final class Dashboard {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs of one test fed to its chart; the tables below it fold every run. */
    static final int CHART_RUNS = 5000;

    private final StoreAccess store;
    private final DetectionJob detection;
    private final TemplateEngine jte = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Owners owners;

    Dashboard(StoreAccess store, DetectionJob detection, Owners owners) {
        this.store = store;
        this.detection = detection;
        this.owners = owners;
    }

    /** Wraps a page so that a bad parameter or a missing test is an HTML page with the reason, not JSON. */
    Handler page(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (ApiError e) {
                String reason = e.body().containsKey("parameter")
                        ? e.body().get("parameter") + ": " + e.getMessage()
                        : e.getMessage();
                ctx.status(e.status());
                render(ctx, "error.jte", Map.of("status", e.status(), "reason", reason));
            }
        };
    }

    void flakes(Context ctx) {
        PageFilters f = PageFilters.read(ctx);
        FlakeFilter filter = new FlakeFilter(f.sinceInstant(), f.job(), f.builder(), Params.limit(ctx, 100));
        String owner = Params.text(ctx, "owner");
        detection.refresh();
        record Listed(List<OwnedFlake> flakes, List<String> owners) {}
        Listed l = store.with(db -> {
            List<OwnedFlake> all = OwnedFlakes.list(
                    db, owners, new FlakeFilter(filter.since(), filter.job(), filter.builder(), 0), false, null);
            List<OwnedFlake> shown = owner == null
                    ? all
                    : all.stream()
                            .filter(o -> OwnedFlakes.ownedBy(o.owner(), owner))
                            .toList();
            return new Listed(
                    shown.size() > filter.limit() && filter.limit() > 0 ? shown.subList(0, filter.limit()) : shown,
                    all.stream().map(o -> o.owner().name()).distinct().sorted().toList());
        });
        Map<String, Object> m =
                base(f, "/api/v1/flakes" + f.query(true, true) + (owner == null ? "" : "&owner=" + Fmt.enc(owner)));
        m.put("flakes", l.flakes());
        m.put("owner", owner == null ? "" : owner);
        m.put("ownerChoices", l.owners());
        render(ctx, "flakes.jte", m);
    }

    void test(Context ctx) {
        String id = ctx.pathParam("id");
        detection.refresh();
        record Found(
                TestHistory history,
                List<String> members,
                List<ClusterStore.ClusterRow> modes,
                List<SegmentStrip> strips) {}
        Optional<Found> found = store.with(db -> new TestHistoryQuery(db)
                .find(id, CHART_RUNS)
                .map(h -> new Found(
                        h,
                        new DashboardQuery(db).groupMembers(h.group(), h.id()),
                        new ClusterStore(db).clustersOf(h.id().key()),
                        new TestChanges(db)
                                .of(h.id().key()).stream().map(SegmentStrip::of).toList())));
        if (found.isEmpty()) {
            throw new ApiError(404, "no test " + id + " in the store");
        }
        TestHistory h = found.get().history();
        Map<String, Object> m = new HashMap<>();
        m.put("h", h);
        m.put("members", found.get().members());
        m.put("modes", found.get().modes());
        m.put("strips", found.get().strips());
        m.put(
                "failures",
                h.runs().stream()
                        .filter(r ->
                                !r.verdict().equals("passed") && !r.verdict().equals("skipped"))
                        .limit(25)
                        .toList());
        m.put("chart", json(Charts.testHistory(h)));
        m.put("api", "/api/v1/tests/" + Fmt.enc(h.id().id()) + "?limit=" + CHART_RUNS);
        render(ctx, "test.jte", m);
    }

    void runs(Context ctx) {
        PageFilters f = PageFilters.read(ctx);
        int limit = Params.limit(ctx, 100);
        detection.refresh();
        record Data(List<RunSummary> runs, List<JobDay> days) {}
        Data d = store.with(db -> new Data(
                new RunQuery(db).runs(f.sinceInstant(), f.job(), f.builder(), limit),
                new DashboardQuery(db).jobDays(f.sinceInstant(), f.job(), f.builder())));
        Map<String, Object> m = base(f, "/api/v1/runs" + f.query(true, true));
        m.put("runs", d.runs());
        m.put("days", Charts.byDay(d.days()));
        render(ctx, "runs.jte", m);
    }

    void jobs(Context ctx) {
        PageFilters f = PageFilters.read(ctx);
        detection.refresh();
        record Data(List<JobSummary> jobs, List<JobDay> days) {}
        Data d = store.with(db -> new Data(
                new JobQuery(db).jobs(f.sinceInstant(), f.builder(), 0),
                new DashboardQuery(db).jobDays(f.sinceInstant(), f.job(), f.builder())));
        List<JobSummary> jobs = f.job() == null
                ? d.jobs()
                : d.jobs().stream().filter(j -> j.job().equals(f.job())).toList();
        Map<String, Object> m = base(f, "/api/v1/jobs" + f.query(false, true));
        m.put("jobs", jobs);
        Map<String, String> charts = new HashMap<>();
        Charts.perJob(d.days()).forEach((job, chart) -> charts.put(job, json(chart)));
        m.put("charts", charts);
        render(ctx, "jobs.jte", m);
    }

    private Map<String, Object> base(PageFilters f, String api) {
        record Choices(List<String> jobs, List<String> builders) {}
        Choices c = store.with(db -> new Choices(new DashboardQuery(db).jobs(), new DashboardQuery(db).builders()));
        Map<String, Object> m = new HashMap<>();
        m.put("f", f);
        m.put("jobChoices", c.jobs());
        m.put("builderChoices", c.builders());
        m.put("api", api);
        return m;
    }

    private void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        jte.render(template, params, out);
        ctx.html(out.toString());
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
