package io.flakelens.app.serve;

import io.flakelens.app.contract.FlakeJson;
import io.flakelens.app.contract.JobJson;
import io.flakelens.app.contract.OwnerTotalJson;
import io.flakelens.app.contract.RunJson;
import io.flakelens.app.contract.TestHistoryJson;
import io.flakelens.app.contract.Window;
import io.flakelens.app.owner.OwnedFlake;
import io.flakelens.app.owner.OwnedFlakes;
import io.flakelens.core.owner.Owners;
import io.flakelens.store.changepoint.SegmentedHistory;
import io.flakelens.store.changepoint.TestChanges;
import io.flakelens.store.cluster.ClusterStore;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.query.JobQuery;
import io.flakelens.store.query.JobSummary;
import io.flakelens.store.query.RunQuery;
import io.flakelens.store.query.TestHistoryQuery;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read API. Parameters mean what the CLI's flags mean (same defaults), and each reply is the
 * CLI's {@code --format json} output for the same question. Reads that depend on detection first
 * re-run it when something was ingested since the last pass. {@code /api/v1/flakes} answers through
 * the {@link ReadCache} (off unless {@code --read-cache}), so that reads under upload load neither
 * re-detect on every upload nor queue behind uploads for the store lock.
 */
final class ReadApi {
    private final StoreAccess store;
    private final DetectionJob detection;
    private final ReadCache cache;
    private final Owners owners;

    ReadApi(StoreAccess store, DetectionJob detection, ReadCache cache, Owners owners) {
        this.store = store;
        this.detection = detection;
        this.cache = cache;
        this.owners = owners;
    }

    void flakes(Context ctx) {
        FlakeFilter filter = new FlakeFilter(
                Params.since(ctx, Window.DEFAULT),
                Params.text(ctx, "job"),
                Params.text(ctx, "builder"),
                Params.limit(ctx, 50));
        // Keyed by the parameters as given: Window.DEFAULT asks the same question at any moment.
        String raw = ctx.queryParam("since");
        String since = raw == null || raw.isBlank() ? Window.DEFAULT : raw.strip();
        String owner = Params.text(ctx, "owner");
        boolean byOwner = "true".equalsIgnoreCase(Params.text(ctx, "by_owner"));
        String key = String.join(
                "\u0000",
                since,
                String.valueOf(filter.job()),
                String.valueOf(filter.builder()),
                String.valueOf(filter.limit()),
                String.valueOf(owner),
                String.valueOf(byOwner));
        // The cache keeps the reply's text: writing the JSON again was most of the work of a read that
        // the cache answers.
        Object reply = cache.get(key, () -> Replies.text(flakes(since, filter, owner, byOwner)));
        Replies.jsonText(ctx, 200, (String) reply);
    }

    private Object flakes(String since, FlakeFilter filter, String owner, boolean byOwner) {
        // Through the cache, lazy detection is spaced out (DetectionJob.LAZY_SPACING); without it, as before.
        if (cache.enabled()) {
            detection.runSpaced();
        } else {
            detection.refresh();
        }
        // The window is read again when the answer is computed (maybe later, off the request thread).
        FlakeFilter now = new FlakeFilter(
                Window.start(since, Instant.now()), filter.job(), filter.builder(), byOwner ? 0 : filter.limit());
        List<OwnedFlake> flakes = store.with(db -> OwnedFlakes.list(db, owners, now, false, owner));
        if (byOwner) {
            // as flakes --by-owner: every flake counts, the limit counts owners
            return OwnedFlakes.byOwner(flakes).stream()
                    .limit(filter.limit() > 0 ? filter.limit() : Long.MAX_VALUE)
                    .map(OwnerTotalJson::of)
                    .toList();
        }
        Map<Long, SegmentedHistory> trouble = store.with(db -> new TestChanges(db)
                .troubleOf(flakes.stream().map(f -> f.flake().id().key()).toList()));
        return flakes.stream()
                .map(f -> FlakeJson.of(f, trouble.get(f.flake().id().key())))
                .toList();
    }

    void test(Context ctx) {
        String id = ctx.pathParam("id");
        int limit = Math.max(1, Params.limit(ctx, 50));
        detection.refresh();
        Optional<TestHistoryJson> h = store.with(db -> new TestHistoryQuery(db)
                .find(id, limit)
                .map(found -> TestHistoryJson.of(
                        found,
                        new ClusterStore(db).clustersOf(found.id().key()),
                        new TestChanges(db).of(found.id().key()))));
        if (h.isEmpty()) {
            throw new ApiError(404, "no test " + id + " in the store");
        }
        Replies.json(ctx, 200, h.get());
    }

    void runs(Context ctx) {
        Instant since = Params.since(ctx, Window.DEFAULT);
        String job = Params.text(ctx, "job");
        String builder = Params.text(ctx, "builder");
        int limit = Params.limit(ctx, 100);
        Replies.json(
                ctx,
                200,
                store.with(db -> new RunQuery(db).runs(since, job, builder, limit)).stream()
                        .map(RunJson::of)
                        .toList());
    }

    void jobs(Context ctx) {
        Instant since = Params.since(ctx, Window.DEFAULT);
        String builder = Params.text(ctx, "builder");
        int limit = Params.limit(ctx, 0);
        detection.refresh();
        List<JobSummary> jobs = store.with(db -> new JobQuery(db).jobs(since, builder, limit));
        Replies.json(ctx, 200, jobs.stream().map(JobJson::of).toList());
    }
}
