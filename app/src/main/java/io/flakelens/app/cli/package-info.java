/**
 * One picocli command per class. {@link io.flakelens.app.cli.FlakelensCommand} only lists the
 * verbs; {@code --db} and {@code --format} are shared through mixins; exit codes are return values.
 */
package io.flakelens.app.cli;
