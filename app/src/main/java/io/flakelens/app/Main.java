package io.flakelens.app;

import io.flakelens.app.cli.FlakelensCommand;

/** Entry point of the fat jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(FlakelensCommand.run(args));
    }
}
