package io.flakelens.app.cli;

import io.flakelens.app.s3.S3Settings;
import io.flakelens.store.StoreException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: only lists the verbs. Each verb is one class. */
@Command(
        name = "flakelens",
        mixinStandardHelpOptions = true,
        version = "flakelens 0.1.0",
        description = "Finds the flaky tests in your CI's test reports and tells you what they cost.")
public final class FlakelensCommand {
    /** Every verb, in the order help lists them. */
    private static final List<Class<?>> VERBS = List.of(
            IngestCommand.class,
            UploadCommand.class,
            GateCommand.class,
            FlakesCommand.class,
            TestCommand.class,
            RunsCommand.class,
            DetectCommand.class,
            ExportCommand.class,
            ImportFlakesCommand.class,
            AggregateCommand.class,
            HistoricalCommand.class,
            QuarantineCommand.class,
            ClusterCommand.class,
            LearnCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            ReportCommand.class,
            BugsCommand.class,
            TokenCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            RegressionsCommand.class,
            RerunPlanCommand.class,
            CommandLine.HelpCommand.class);

    /** Adjusts the object store's settings after they are read from the environment: tests' fixed keys. */
    private final UnaryOperator<S3Settings> s3;

    public FlakelensCommand() {
        this(UnaryOperator.identity());
    }

    FlakelensCommand(UnaryOperator<S3Settings> s3) {
        this.s3 = s3;
    }

    S3Settings s3(S3Settings standard) {
        return s3.apply(standard);
    }

    /**
     * Runs the command line and returns the exit code: 0 ok, 1 error, 2 bad usage or input partly rejected,
     * 3 a verdict that needs attention (a payload failed {@code aggregate}, {@code historical} needs review).
     */
    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, UnaryOperator.identity());
    }

    /** @param s3 adjusts the object store's settings, as a test points them at its own store and keys */
    static int run(String[] args, PrintWriter out, PrintWriter err, UnaryOperator<S3Settings> s3) {
        // Stored times have no zone; every process reads and writes them as UTC.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Thread warm = DuckDbWarmUp.start(verb(args.length == 0 ? null : args[0]), args);
        CommandLine cl = commandLine(new FlakelensCommand(s3), args.length == 0 ? null : args[0]);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        withHelp(cl);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            boolean verbose = parse.originalArgs().contains("--verbose");
            if (verbose) {
                ex.printStackTrace(line.getErr());
            }
            String msg = ex instanceof StoreException || ex instanceof UserException
                    ? ex.getMessage()
                    : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            line.getErr().println("flakelens: " + msg);
            if (!verbose && !(ex instanceof StoreException || ex instanceof UserException)) {
                line.getErr().println("(run with --verbose for details)");
            }
            line.getErr().flush();
            return ex instanceof UserException u ? u.exitCode() : 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("flakelens: " + ex.getMessage());
            ex.getCommandLine()
                    .getErr()
                    .println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                            + " --help' for more information.");
            return 2;
        });
        try {
            return cl.execute(args);
        } finally {
            DuckDbWarmUp.await(warm);
        }
    }

    /** The whole command tree, as help and the tests see it. */
    static CommandLine commandLine() {
        return commandLine(new FlakelensCommand(), null);
    }

    /**
     * The root with its verbs. Naming a verb first, the line gets only that one: building every
     * verb's model made picocli load and instantiate some 200 classes of the others (JSON, gate,
     * server), a fifth of a second or more of every command's start-up on a busy machine.
     */
    private static CommandLine commandLine(FlakelensCommand root, String first) {
        Class<?> named = verb(first);
        CommandLine cl = new CommandLine(root);
        for (Class<?> verb : VERBS) {
            if (named == null || verb == named) {
                cl.addSubcommand(verb);
            }
        }
        return cl;
    }

    /** The verb a command line names first; null for none, or help (which needs them all). */
    private static Class<?> verb(String first) {
        for (Class<?> verb : VERBS) {
            Command c = verb.getAnnotation(Command.class);
            boolean help = verb == CommandLine.HelpCommand.class;
            if (!help && (c.name().equals(first) || Arrays.asList(c.aliases()).contains(first))) {
                return verb;
            }
        }
        return null;
    }

    /** Every command and subcommand answers {@code --help}, as the usage-error message promises. */
    private static void withHelp(CommandLine c) {
        if (!c.getCommandSpec().mixinStandardHelpOptions()) {
            c.getCommandSpec().mixinStandardHelpOptions(true);
        }
        c.getSubcommands().values().forEach(FlakelensCommand::withHelp);
    }
}
