package io.flakelens.app.cli;

import io.flakelens.app.ingest.Ingestion;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar for ingest on a terminal; silent when piped, in CI logs or for JSON output. */
final class IngestProgress implements Ingestion.Listener, AutoCloseable {
    private final boolean enabled;
    private long planned = -1;
    private ProgressBar bar;

    IngestProgress(boolean enabled) {
        this.enabled = enabled;
    }

    /** For callers that know the file count up front (a manifest does not say it). */
    IngestProgress expect(long files) {
        planned = files;
        return this;
    }

    @Override
    public void planned(long files, long bytes) {
        planned = files;
    }

    @Override
    public void finished(Ingestion.FileResult file, long bytes) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("ingest")
                    .setInitialMax(planned)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" files", 1)
                    .build();
        }
        bar.step();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
