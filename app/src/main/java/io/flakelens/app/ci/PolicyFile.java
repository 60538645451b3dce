package io.flakelens.app.ci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.gate.GatePolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads {@code gate --policy FILE}: YAML (or JSON) with any of the policy's keys; the rest keep
 * their defaults. An unknown key or a bad value is an error naming the file, line and key.
 *
 * <pre>
 * kinds: [retry, same-code, false-rejection, flip, merged-failure]
 * min_occurrences: 2
 * min_score: 0
 * max_fail_rate: 0.5
 * muted: true
 * probability: false
 * min_probability: 0.9
 * max_let_through: 5
 * main_revisions: 2
 * </pre>
 */
public final class PolicyFile {
    /** The policy file cannot be used; the message names file, line and cause. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final YAMLFactory YAML = new YAMLFactory();

    private PolicyFile() {}

    public static GatePolicy read(Path file) throws Invalid {
        GatePolicy d = GatePolicy.defaults();
        Set<EvidenceKind> kinds = d.kinds();
        int minOccurrences = d.minOccurrences();
        long minScore = d.minScore();
        double maxFailRate = d.maxFailRate();
        boolean muted = d.muted();
        boolean probability = d.probability();
        double minProbability = d.minProbability();
        int maxLetThrough = d.maxLetThrough();
        int mainRevisions = d.mainRevisions();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonParser p = YAML.createParser(r)) {
            p.setCodec(new com.fasterxml.jackson.databind.ObjectMapper(YAML));
            JsonToken first = p.nextToken();
            if (first == null) {
                return d;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new Invalid(at(file, p) + "the policy is a mapping of keys to values");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                String where = at(file, p);
                p.nextToken();
                JsonNode v = p.readValueAsTree();
                try {
                    switch (key) {
                        case "kinds" -> kinds = kinds(v);
                        case "min_occurrences" -> minOccurrences = whole(v);
                        case "min_score" -> minScore = whole(v);
                        case "max_fail_rate" -> maxFailRate = number(v);
                        case "muted" -> muted = bool(v);
                        case "probability" -> probability = bool(v);
                        case "min_probability" -> minProbability = number(v);
                        case "max_let_through" -> maxLetThrough = whole(v);
                        case "main_revisions" -> mainRevisions = whole(v);
                        default ->
                            throw new IllegalArgumentException("unknown key; the keys are kinds, min_occurrences,"
                                    + " min_score, max_fail_rate, muted, probability, min_probability, max_let_through,"
                                    + " main_revisions");
                    }
                } catch (IllegalArgumentException e) {
                    throw new Invalid(where + key + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        try {
            return new GatePolicy(
                    kinds,
                    minOccurrences,
                    minScore,
                    maxFailRate,
                    muted,
                    probability,
                    minProbability,
                    maxLetThrough,
                    mainRevisions);
        } catch (IllegalArgumentException e) {
            throw new Invalid(file + ": " + e.getMessage());
        }
    }

    private static String at(Path file, JsonParser p) {
        return file + ":" + p.currentTokenLocation().getLineNr() + ": ";
    }

    private static Set<EvidenceKind> kinds(JsonNode v) {
        EnumSet<EvidenceKind> out = EnumSet.noneOf(EvidenceKind.class);
        if (!v.isArray()) {
            throw new IllegalArgumentException("a list of evidence kinds, e.g. [retry, same-code]");
        }
        for (JsonNode k : v) {
            try {
                out.add(EvidenceKind.ofLabel(k.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + k.asText() + "\" is not an evidence kind (retry, same-code,"
                        + " false-rejection, flip, merged-failure)");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    "name at least one kind (to let no flake through, set max_let_through: 0)");
        }
        return out;
    }

    private static int whole(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.asInt();
        }
        if (v.isTextual() && v.asText().strip().matches("-?\\d{1,9}")) {
            return Integer.parseInt(v.asText().strip());
        }
        throw new IllegalArgumentException("\"" + v.asText() + "\" is not a whole number");
    }

    private static double number(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + v.asText() + "\" is not a number");
        }
    }

    private static boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return switch (v.asText().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException("\"" + v.asText() + "\" is not true or false");
        };
    }
}
