package io.flakelens.app.serve;

import io.flakelens.store.TestStores;
import org.junit.jupiter.api.Assumptions;

/** The dashboard over the PostgreSQL server that bin/test starts (required on CI, see TestStores). */
class PostgresDashboardBrowserTest extends DashboardBrowserTest {
    @Override
    String store() {
        Assumptions.assumeTrue(TestStores.names().contains("postgresql"), "needs FLAKELENS_TEST_PG");
        return "postgresql";
    }
}
