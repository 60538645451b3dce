package io.flakelens.store.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which jobs each TestGrid dashboard showed, as the stored runs read from dashboards remember it
 * (their {@code testgrid_dashboard} extra field): the job groups of a flake-tracker report that
 * follows the dashboards.
 */
public final class TestGridDashboards {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;

    public TestGridDashboards(Database db) {
        this.db = db;
    }

    /** Dashboard name to its jobs, both sorted; empty when no stored run came from a dashboard. */
    public Map<String, SortedSet<String>> jobsByDashboard() {
        Map<String, SortedSet<String>> out = new TreeMap<>();
        String sql = "select distinct job, extra from run where source = 'testgrid' and job is not null"
                + " and extra is not null";
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                JsonNode dashboard = extra(rs.getString(2)).path("testgrid_dashboard");
                if (dashboard.isTextual() && !dashboard.asText().isBlank()) {
                    out.computeIfAbsent(dashboard.asText(), k -> new TreeSet<>())
                            .add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the TestGrid dashboards of the stored runs: " + e.getMessage(), e);
        }
        return out;
    }

    private static JsonNode extra(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }
}
