package io.flakelens.core.gate;

import io.flakelens.core.model.TestId;

/**
 * A test that failed in the run being gated: it failed every attempt it had.
 *
 * @param report  the report it was read from, as the user named it
 * @param file    the test's source file when the report or its stack trace names it, else null
 * @param line    the line in that file, 0 when unknown
 * @param message the failure's headline
 * @param text    message and stack trace, for the flake model
 */
public record GateFailure(TestId id, String report, String file, int line, String message, String text) {}
