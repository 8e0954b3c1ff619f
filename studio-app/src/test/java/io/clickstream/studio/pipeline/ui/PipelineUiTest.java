package io.clickstream.studio.pipeline.ui;

import io.clickstream.studio.fixture.StudioUi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the pipeline pages' browserless tests share: one studio with its local runtime (the engine's validator accepts
 * local pipelines only where a runtime runs them) in a data directory of its own, its default pipeline on a free
 * port, no demo traffic and no scheduled ETL. One Spring context for every subclass.
 */
@SpringBootTest(properties = {"clickstream.runtime=local", "clickstream.demo=false", "clickstream.etl.interval=1h"})
abstract class PipelineUiTest {

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("studio-pipeline-ui-").toString();
        int ingestionPort = freePort();
        registry.add("clickstream.data-dir", () -> dataDir);
        registry.add("clickstream.ingestion.port", () -> ingestionPort);
    }

    @AfterEach
    void stopUi() {
        StudioUi.stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
