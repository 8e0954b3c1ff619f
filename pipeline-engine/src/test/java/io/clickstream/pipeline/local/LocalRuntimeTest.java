package io.clickstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRuntimeTest {

    @Test
    void first_start_registers_the_demo_app_sends_its_traffic_and_models_it(@TempDir Path dataDir) throws Exception {
        LocalRuntimeSettings settings = new LocalRuntimeSettings(dataDir, "127.0.0.1", 0, Duration.ofMinutes(10),
                "local[2]", true, 25, null);
        try (LocalRuntime runtime = LocalRuntime.start(settings)) {
            assertThat(runtime.ingestionPort()).isPositive();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (runtime.etlStatus().lastEvents() == 0 && System.nanoTime() < deadline) {
                assertThat(runtime.etlStatus().lastError()).isNull();
                Thread.sleep(500);
            }
            assertThat(runtime.etlStatus().lastEvents()).as("events modeled by the first ETL run").isPositive();
            assertThat(runtime.apps().find(LocalRuntimeSettings.DEMO_APP_ID)).isPresent();

            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement q = duck.createStatement();
                 ResultSet rs = q.executeQuery("SELECT count(*), count(DISTINCT user_pseudo_id) FROM read_parquet('"
                         + dataDir.resolve("lake/modeled/event").toAbsolutePath()
                         + "/**/*.parquet', hive_partitioning = true) WHERE app_id = 'demo'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(runtime.etlStatus().lastEvents());
                assertThat(rs.getLong(2)).isEqualTo(25);
            }
        }
    }
}
