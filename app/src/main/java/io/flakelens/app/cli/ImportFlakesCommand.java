package io.flakelens.app.cli;

import io.flakelens.store.Database;
import io.flakelens.store.export.DetectionImport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flakelens import-flakes DIR}: a detection pass run on Spark, in place of the store's own. */
@Command(
        name = "import-flakes",
        description = "Load the flake occurrences, infrastructure runs, set-up flakes and consistent failures the"
                + " Spark job wrote into the store the export came from (docs/scale.md).")
final class ImportFlakesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "DIR", description = "The Spark job's --output folder")
    Path dir;

    @Override
    public Integer call() {
        try (Database db = store.open()) {
            DetectionImport.Summary s = DetectionImport.load(db, dir);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Imported %,d flake occurrences, %,d infrastructure rows, %,d set-up flakes and %,d"
                                    + " consistent failures from %s; detection is fresh until the next ingest.%n",
                            s.occurrences(), s.infraRuns(), s.setupFlakes(), s.consistentFailures(), dir);
        }
        return 0;
    }
}
