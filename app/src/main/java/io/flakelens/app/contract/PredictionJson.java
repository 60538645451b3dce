package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.core.cluster.FlakePrediction;
import java.util.List;

/** One failure's flake probability, as {@code predict} prints it (a line each) and {@code POST /api/v1/predict} replies. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PredictionJson(String id, String cluster, double flakeProbability, List<String> similar, String why) {
    public static PredictionJson of(FlakePrediction p) {
        return new PredictionJson(p.id(), p.cluster(), Json.rate(p.flakeProbability()), p.similar(), p.why());
    }
}
