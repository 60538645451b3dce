package io.flakelens.app.owner;

import io.flakelens.store.Database;
import io.flakelens.store.History;
import io.flakelens.store.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Five flaky tests, each owned through a different link of the chain, and a flakelens.yaml with a
 * CODEOWNERS checkout next to it. Shared by the CLI, API and dashboard tests of owners.
 */
public final class OwnerFixture {
    public static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    private OwnerFixture() {}

    /** Stores the history and returns the {@code --db} value; writes {@code flakelens.yaml} and a repo into {@code dir}. */
    public static String create(String store, Path dir) throws IOException {
        String spec = TestStores.fresh(store, dir);
        try (Database db = Database.open(spec)) {
            History h = new History(db);
            Instant t = T0;
            for (int i = 0; i < 2; i++) {
                h.post("e2e-gce", "linux", "r" + i, t = t.plusSeconds(600))
                        .test("com.acme.storage.VolumeTest", "mounts", "FP", "pkg/storage/volume_test.go")
                        .test("k8s.e2e", "[sig-node] Pods restart", i == 0 ? "FP" : "P")
                        .test(
                                "com.acme.billing.InvoiceTest",
                                "totals",
                                i == 0 ? "FP" : "P",
                                "pkg/billing/invoice_test.go")
                        .passing(10);
                h.post("unit", "linux", "r" + i, t = t.plusSeconds(600))
                        .test("com.acme.misc.ClockTest", "ticks", "FFP")
                        .passing(10);
                h.post("nightly", "linux", "r" + i, t = t.plusSeconds(600))
                        .test("com.acme.misc.NightTest", "sleeps", i == 1 ? "FP" : "P")
                        .passing(10);
            }
            h.store();
        }
        Path repo = Files.createDirectories(dir.resolve("repo/.github"));
        Files.writeString(repo.resolve("CODEOWNERS"), """
                * @acme/everyone
                /pkg/storage/ @acme/storage @alice
                """);
        Files.writeString(dir.resolve("flakelens.yaml"), """
                owners:
                  codeowners: repo
                  rules:
                    - {suite: "com\\\\.acme\\\\.billing\\\\..*", owner: team-billing}
                jobs:
                  unit: {owner: team-core}
                """);
        return spec;
    }
}
