package io.flakelens.core.aggregate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of historical disruption or alert data, read and checked.
 *
 * @param index position in its file, from 1, for messages
 * @param key   {@code name_FromRelease_Release_Architecture_Platform_Network_Topology}, the join key
 * @param p95   seconds
 * @param p99   seconds
 * @param raw   the row as it was, written back unchanged to the merged file
 */
public record HistoricalRow(int index, String key, String name, int jobRuns, double p95, double p99, ObjectNode raw) {}
