package io.flakelens.app.cli;

import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flakelens detect}: re-derives flake occurrences and infrastructure failures now. */
@Command(name = "detect", description = "Re-run flake detection over the whole store.")
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (Database db = store.open()) {
            FlakeDetection.Outcome o = new FlakeDetection(DetectionConfig.defaults()).run(db);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%d flake occurrences, %d infrastructure runs, %d broken suites, %d set-up flakes,"
                                    + " %d consistent failures (%d ms)%n",
                            o.occurrences(),
                            o.infraRuns(),
                            o.brokenSuites(),
                            o.setupFlakes(),
                            o.consistentFailures(),
                            o.millis());
        }
        return 0;
    }
}
