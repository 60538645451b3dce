package io.flakelens.app.cli;

import io.flakelens.store.Database;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;

/** Runs detection when the store changed since the last pass, so listings are never stale. */
final class Detection {
    private Detection() {}

    static void refresh(Database db, boolean force) {
        if (force || FlakeDetection.stale(db)) {
            new FlakeDetection(DetectionConfig.defaults()).run(db);
        }
    }
}
