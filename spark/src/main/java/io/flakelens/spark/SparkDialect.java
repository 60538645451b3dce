package io.flakelens.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Detection's statements, as DuckDB and PostgreSQL run them, in Spark SQL. The definitions stay in
 * the store's {@code FlakeDetection}; only what Spark spells differently changes here:
 * <ul>
 * <li>{@code create temporary table X as ...}: a temporary view of the result, materialised with its
 * lineage cut (each is read several times, and a chain of cached plans makes Spark print plans that
 * grow with every step until the driver runs out of memory);</li>
 * <li>{@code drop table if exists X}: nothing, views are replaced;</li>
 * <li>{@code cast(.. as varchar)}: {@code string};</li>
 * <li>{@code delete from T} and the {@code insert into T select ...} that follow it: one view over the
 * union of the inserts, in the store table's column names and types, made before the first statement
 * that reads {@code T} (detection keeps some tables it reads again later in the same pass).</li>
 * </ul>
 */
public final class SparkDialect {
    /** The tables detection writes, their columns and Spark types, as the store's schema has them. */
    public static final Map<String, List<String[]>> TARGETS = Map.of(
            "flake_occurrence",
                    columns(
                            "run_id bigint",
                            "test_id bigint",
                            "kind string",
                            "post_submit boolean",
                            "change_id string",
                            "job string",
                            "builder string",
                            "occurred_at timestamp"),
            "infra_run",
                    columns(
                            "run_id bigint",
                            "kind string",
                            "suite string",
                            "failed int",
                            "total int",
                            "message string",
                            "stretch bigint"),
            "setup_flake", columns("run_id bigint", "suite string", "failed int", "total int"),
            "consistent_failure", columns("run_id bigint", "test_id bigint"),
            "candidate_test", columns("test_id bigint"),
            "run_test_verdict", columns("run_id bigint", "test_id bigint", "verdict string"),
            "run_size", columns("run_id bigint", "executed bigint"),
            "run_suite_failure", columns("run_id bigint", "suite string", "fails bigint", "executed bigint"),
            "run_code", columns("run_id bigint", "job_k string", "builder_k string", "equiv string", "ts timestamp"),
            "test_code",
                    columns(
                            "test_id bigint",
                            "job_k string",
                            "builder_k string",
                            "equiv string",
                            "first_ts timestamp",
                            "passed int"));

    private static final Pattern DROP = Pattern.compile("(?is)\\s*drop table if exists \\w+\\s*");
    private static final Pattern CREATE = Pattern.compile("(?is)\\s*create temporary table (\\w+) as\\s+(.*)");
    private static final Pattern DELETE = Pattern.compile("(?is)\\s*delete from (\\w+)\\s*");
    private static final Pattern INSERT =
            Pattern.compile("(?is)\\s*insert into (\\w+)\\s*(\\([^)]*\\))?\\s*(select.*)");
    private static final Pattern VARCHAR = Pattern.compile("(?i) as varchar\\)");

    private SparkDialect() {}

    /** One step of the translated pipeline. */
    public sealed interface Step permits Materialise, Define {
        String view();

        String select();
    }

    /** Compute {@code select} now and keep its rows as the temporary view {@code view}. */
    public record Materialise(String view, String select) implements Step {}

    /** A temporary view over {@code select}, computed where it is read. */
    public record Define(String view, String select) implements Step {}

    private static List<String[]> columns(String... spec) {
        List<String[]> out = new ArrayList<>();
        for (String s : spec) {
            out.add(s.split(" "));
        }
        return List.copyOf(out);
    }

    /** The pipeline in Spark SQL, ending with one cached view per table detection writes. */
    public static List<Step> translate(List<String> pipeline) {
        List<Step> out = new ArrayList<>();
        Map<String, List<String>> inserts = new LinkedHashMap<>();
        for (String sql : pipeline) {
            String s = VARCHAR.matcher(sql).replaceAll(" as string)");
            Matcher insert = INSERT.matcher(s);
            String into = insert.matches() ? insert.group(1) : null;
            // a table read by a later statement is built from the inserts before it, as in the store
            for (var it = inserts.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getKey().equals(into)
                        && Pattern.compile("\\b" + e.getKey() + "\\b")
                                .matcher(s)
                                .find()) {
                    emit(out, e.getKey(), e.getValue());
                    it.remove();
                }
            }
            Matcher m;
            if (DROP.matcher(s).matches()) {
                continue;
            } else if ((m = CREATE.matcher(s)).matches()) {
                out.add(new Materialise(m.group(1), m.group(2)));
            } else if ((m = DELETE.matcher(s)).matches()) {
                inserts.put(target(m.group(1)), new ArrayList<>());
            } else if (into != null) {
                List<String> parts = inserts.get(target(into));
                if (parts == null) {
                    throw new IllegalArgumentException("an insert into " + into + " without a delete before it:"
                            + " Spark builds each detection table whole from its inserts");
                }
                parts.add(insert.group(3));
            } else {
                throw new IllegalArgumentException("detection's statement has no Spark translation: " + s.strip());
            }
        }
        inserts.forEach((table, parts) -> emit(out, table, parts));
        return out;
    }

    private static void emit(List<Step> out, String table, List<String> parts) {
        List<String[]> cols = TARGETS.get(table);
        String names = cols.stream().map(c -> c[0]).collect(Collectors.joining(", "));
        String union = parts.isEmpty()
                ? "select " + cols.stream().map(c -> "null").collect(Collectors.joining(", ")) + " where false"
                : String.join("\nunion all\n", parts);
        out.add(new Define(table + "_parts", "select * from (" + union + ") u (" + names + ")"));
        out.add(new Materialise(
                table,
                "select "
                        + cols.stream()
                                .map(c -> "cast(" + c[0] + " as " + c[1] + ") as " + c[0])
                                .collect(Collectors.joining(", "))
                        + " from " + table + "_parts"));
    }

    private static String target(String table) {
        if (!TARGETS.containsKey(table)) {
            throw new IllegalArgumentException(
                    "detection writes " + table + ", which Spark does not know the shape of");
        }
        return table;
    }
}
