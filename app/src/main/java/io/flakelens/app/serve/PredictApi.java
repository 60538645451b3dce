package io.flakelens.app.serve;

import io.flakelens.app.contract.PredictionJson;
import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FlakeModel;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/predict}: the body is one failure record, an array of them or JSON lines
 * ({@code id}, {@code text}); the answer is {@code flakelens predict}'s object for one record, an
 * array for several. The model is the one {@code serve --model} loaded; without one, 404.
 */
final class PredictApi {
    private final FlakeModel model;

    PredictApi(FlakeModel model) {
        this.model = model;
    }

    void predict(Context ctx) throws IOException {
        if (model == null) {
            throw new ApiError(
                    404, "no flake model loaded: start the server with --model FILE (made by flakelens learn)");
        }
        byte[] body = ctx.bodyAsBytes();
        List<PredictionJson> answers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        new FailureRecords("id", "text")
                .read(
                        new ByteArrayInputStream(body),
                        "body",
                        f -> answers.add(PredictionJson.of(model.predict(f))),
                        p -> problems.add(p.toString()));
        if (answers.isEmpty()) {
            throw ApiError.badParameter(
                    "body",
                    problems.isEmpty()
                            ? "no failure record in the body"
                            : "no failure record read: " + String.join("; ", problems));
        }
        String trimmed =
                new String(body, 0, Math.min(body.length, 64), java.nio.charset.StandardCharsets.UTF_8).strip();
        Replies.json(ctx, 200, answers.size() == 1 && !trimmed.startsWith("[") ? answers.get(0) : answers);
    }
}
