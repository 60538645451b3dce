package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresTest {
    @Test
    void clusterAgreementMatchesTheSharedScoringScript() {
        // python3 /work/shared/failures/eval_clusters.py on these six items:
        // pairwise precision 0.500 recall 0.500 F1 0.500, V-measure 0.685, ARI 0.318
        ClusterAgreement a =
                ClusterAgreement.of(List.of("x", "x", "x", "y", "y", "z"), List.of("1", "1", "2", "2", "2", "3"));
        assertThat(a.ari()).isCloseTo(0.318, within(0.0005));
        assertThat(a.precision()).isCloseTo(0.5, within(1e-9));
        assertThat(a.recall()).isCloseTo(0.5, within(1e-9));
        assertThat(a.f1()).isCloseTo(0.5, within(1e-9));
        assertThat(a.vMeasure()).isCloseTo(0.685, within(0.0005));
    }

    @Test
    void identicalPartitionsAgreeFully() {
        ClusterAgreement a = ClusterAgreement.of(List.of("a", "a", "b"), List.of("9", "9", "7"));
        assertThat(a.ari()).isEqualTo(1.0);
        assertThat(a.vMeasure()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void flakeScoresMatchTheSharedScoringScript() {
        // python3 /work/shared/failures/eval_flake_prob.py on these five records: AUC 0.917 Brier 0.146 accuracy 0.800
        FlakeScores s =
                FlakeScores.of(new boolean[] {true, true, false, false, true}, new double[] {0.9, 0.4, 0.4, 0.2, 0.6});
        assertThat(s.auc()).isCloseTo(0.917, within(0.0005));
        assertThat(s.brier()).isCloseTo(0.146, within(0.0005));
        assertThat(s.accuracy()).isCloseTo(0.8, within(1e-9));
    }
}
