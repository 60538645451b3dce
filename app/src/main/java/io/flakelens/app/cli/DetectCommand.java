package io.flakelens.app.cli;

import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens detect}: derives flake occurrences and infrastructure failures now, reading the
 * results of runs that got a report since the last pass, or with {@code --full} every stored result.
 */
@Command(
        name = "detect",
        description = "Run flake detection now: over the runs that got a report since the last pass, which"
                + " gives what a full pass would.")
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--full",
            description = "Read every stored result again and rebuild what detection keeps between passes"
                    + " (after restoring a backup or changing the store by hand).")
    boolean full;

    @Override
    public Integer call() {
        try (Database db = store.open()) {
            FlakeDetection detection = new FlakeDetection(DetectionConfig.defaults());
            FlakeDetection.Outcome o = full ? detection.rebuild(db) : detection.run(db);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%d flake occurrences, %d infrastructure runs, %d broken suites, %d set-up flakes,"
                                    + " %d consistent failures (%s %d runs, %d ms)%n",
                            o.occurrences(),
                            o.infraRuns(),
                            o.brokenSuites(),
                            o.setupFlakes(),
                            o.consistentFailures(),
                            o.rebuilt() ? "read all" : "read",
                            o.runsRead(),
                            o.millis());
        }
        return 0;
    }
}
