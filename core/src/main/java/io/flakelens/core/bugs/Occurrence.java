package io.flakelens.core.bugs;

import io.flakelens.core.detect.EvidenceKind;
import java.time.Instant;

/**
 * One flake occurrence as a bug shows it: where and when a test failed and why it counts as a flake.
 *
 * @param flake      the test's group key: the unit a bug tracks (parameterised variants share it)
 * @param change     the change (CL/PR) for presubmit evidence, null on the main line
 * @param run        the CI's own run id; {@code runUrl} links to it when known
 * @param message    the failure's first message line, when the report kept one
 * @param file       the test's source file when the report named it (owners by CODEOWNERS)
 */
public record Occurrence(
        String flake,
        String test,
        String suite,
        EvidenceKind kind,
        boolean postSubmit,
        String change,
        String job,
        String builder,
        Instant at,
        String run,
        String runUrl,
        long runKey,
        String message,
        String file) {}
