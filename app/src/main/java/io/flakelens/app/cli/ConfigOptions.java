package io.flakelens.app.cli;

import io.flakelens.app.config.ConfigException;
import io.flakelens.app.config.FlakelensConfig;
import picocli.CommandLine.Option;

/** {@code --config}, shared by every command that needs owners, job groups or the bug tracker. */
final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "flakelens.yaml with owners, job groups and bug filing (default: $FLAKELENS_CONFIG,"
                    + " else ./flakelens.yaml when present)")
    String config;

    FlakelensConfig load() {
        try {
            return FlakelensConfig.find(config);
        } catch (ConfigException e) {
            throw new UserException(e.getMessage());
        }
    }
}
