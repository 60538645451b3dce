package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbMemoryEventsTest {

    @Test
    void openingADuckDbStoreRegistersNoFlightRecorderEvent(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("s.db").toString())) {
            assertThat(db.dialect().name()).isEqualTo("duckdb");
        }
        assertThat(FlightRecorder.getFlightRecorder().getEventTypes())
                .extracting(EventType::getName)
                .isNotEmpty()
                .noneMatch(name -> name.startsWith("duckdb."));
    }
}
