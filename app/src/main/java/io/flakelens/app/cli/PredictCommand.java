package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.PredictionJson;
import io.flakelens.app.s3.S3AccessException;
import io.flakelens.app.s3.S3Location;
import io.flakelens.app.s3.S3Objects;
import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FlakeModel;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens predict}: how likely each given failure is a flake, one JSON line each. */
@Command(
        name = "predict",
        description = "Print each failure's flake probability, cluster and similar learned failures.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "A model written by flakelens learn: a file, or an s3://bucket/key object")
    String model;

    @Mixin
    S3Options s3;

    @Option(
            names = "--input",
            defaultValue = "-",
            paramLabel = "FILE",
            description = "Failure records (JSON lines,"
                    + " a JSON array or one object), or - for standard input (default: ${DEFAULT-VALUE})")
    String input;

    @Option(
            names = "--id-field",
            paramLabel = "FIELD",
            defaultValue = "id",
            description = "Field holding a record's id (default: ${DEFAULT-VALUE})")
    String idField;

    @Option(
            names = "--text-field",
            paramLabel = "FIELD",
            defaultValue = "text",
            description = "Field holding the failure text (default: ${DEFAULT-VALUE})")
    String textField;

    @Override
    public Integer call() throws Exception {
        FlakeModel m;
        if (S3Location.names(model)) {
            try (S3Objects store = s3.store()) {
                m = load(store, model);
            }
        } else {
            m = load(Path.of(model));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] problems = {0};
        try (InputStream in =
                "-".equals(input) ? System.in : new BufferedInputStream(Files.newInputStream(Path.of(input)))) {
            new FailureRecords(idField, textField)
                    .read(
                            in,
                            "-".equals(input) ? "stdin" : input,
                            f -> {
                                out.println(Json.line(PredictionJson.of(m.predict(f))));
                            },
                            p -> {
                                err.println("flakelens: " + p);
                                problems[0]++;
                            });
        } catch (NoSuchFileException e) {
            throw new UserException("--input: no such file " + input);
        }
        out.flush();
        err.flush();
        return problems[0] > 0 ? 2 : 0;
    }

    private static FlakeModel load(S3Objects store, String url) {
        S3Location at;
        try {
            at = S3Location.parse(url);
        } catch (IllegalArgumentException e) {
            throw new UserException("--model " + e.getMessage());
        }
        try (InputStream in = new BufferedInputStream(store.open(at), 1 << 16)) {
            return FlakeModel.read(in);
        } catch (S3AccessException e) {
            throw new UserException("--model " + e.getMessage(), e.missing() ? 2 : 1);
        } catch (IOException e) {
            throw new UserException("--model " + url + ": " + e.getMessage());
        }
    }

    static FlakeModel load(Path model) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(model), 1 << 16)) {
            return FlakeModel.read(in);
        } catch (NoSuchFileException e) {
            throw new UserException("--model: no such file " + model);
        } catch (IOException e) {
            throw new UserException("--model " + model + ": " + e.getMessage());
        }
    }
}
