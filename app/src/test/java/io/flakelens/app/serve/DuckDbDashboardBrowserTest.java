package io.flakelens.app.serve;

/** The dashboard over the embedded DuckDB store. */
class DuckDbDashboardBrowserTest extends DashboardBrowserTest {
    @Override
    String store() {
        return "duckdb";
    }
}
