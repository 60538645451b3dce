package io.flakelens.app.cli;

import io.flakelens.store.Database;

/** Opens a store and keeps it open until killed, as a running server would. */
public final class HoldDatabase {
    private HoldDatabase() {}

    public static void main(String[] args) throws Exception {
        try (Database db = Database.open(args[0])) {
            System.out.print("ready");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
