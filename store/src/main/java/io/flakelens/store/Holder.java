package io.flakelens.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a DuckDB file: DuckDB's lock error names the holder's process id, and on Linux its
 * command line says whether it is a {@code flakelens serve}, another flakelens command, or
 * something else. What to do next depends on which.
 */
final class Holder {
    private static final Pattern PID = Pattern.compile("\\(PID (\\d+)\\)");
    /** The commands that open a store, as they follow the jar or main class on a command line. */
    private static final List<String> COMMANDS = List.of(
            "serve",
            "ingest",
            "flakes",
            "test",
            "runs",
            "jobs",
            "detect",
            "demo",
            "token",
            "quarantine",
            "bugs",
            "cluster",
            "learn",
            "predict",
            "aggregate",
            "report",
            "bench");

    private Holder() {}

    /** The rest of the sentence after "in use by another process", with the advice that fits the holder. */
    static String describe(String duckDbMessage) {
        Matcher m = PID.matcher(duckDbMessage);
        String pid = m.find() ? m.group(1) : null;
        String command = pid == null ? null : command(commandLine(pid));
        String postgres = " or use PostgreSQL (--db jdbc:postgresql://...)";
        if ("serve".equals(command)) {
            return " (a running 'flakelens serve', pid " + pid + ", holds it). Send data through that server's"
                    + " API (POST /api/v1/runs), stop it," + postgres;
        }
        if (command != null) {
            String what = command.equals("command") ? "flakelens command" : "'flakelens " + command + "'";
            return " (a running " + what + ", pid " + pid + ", holds it). Wait for it to finish," + postgres;
        }
        return " (" + (pid == null ? "" : "pid " + pid + ": ") + "perhaps a running 'flakelens serve', whose API"
                + " takes uploads at POST /api/v1/runs, or a flakelens command still running). Wait for it or stop it,"
                + postgres;
    }

    /** The flakelens command a command line runs, or null when it is not one of flakelens. */
    static String command(List<String> args) {
        if (args == null) {
            return null;
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.endsWith("flakelens.jar") || a.equals("io.flakelens.app.Main") || a.endsWith("/flakelens")) {
                for (int j = i + 1; j < args.size(); j++) {
                    if (COMMANDS.contains(args.get(j))) {
                        return args.get(j);
                    }
                }
                return "command";
            }
        }
        return null;
    }

    private static List<String> commandLine(String pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", pid, "cmdline"));
            return List.of(new String(b, StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
