package io.flakelens.app.cli;

import io.flakelens.app.s3.S3Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.UnaryOperator;

/** Runs the real command line in process and keeps what it printed. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        return run(UnaryOperator.identity(), args);
    }

    /** @param s3 adjusts the object store's settings read from the environment (a test server's keys) */
    static Cli run(UnaryOperator<S3Settings> s3, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FlakelensCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true), s3);
        return new Cli(code, out.toString(), err.toString());
    }
}
