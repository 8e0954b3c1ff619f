package io.clickstream.pipeline.local;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineService;
import io.clickstream.pipeline.validation.PipelineValidator;
import io.clickstream.pipeline.validation.PortProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * For tests and benchmarks: the local runtime as the studio opens it (through a pipeline service), with its
 * {@code default} pipeline listening, and the ingestion port of that pipeline.
 */
public record DefaultPipeline(LocalPipelineRuntime runtime, PipelineService service, int ingestionPort)
        implements AutoCloseable {

    /** Opens the runtime over {@code store} and waits (up to 60 s) until the default pipeline listens. */
    public static DefaultPipeline open(LocalRuntimeSettings settings, MetadataStore store) throws InterruptedException {
        LocalPipelineRuntime runtime = LocalPipelineRuntime.create(settings, store, Clock.systemUTC());
        PipelineService service = new PipelineService(new PipelineRepository(store), new PipelineValidator(),
                Map.of(RuntimeMode.LOCAL, runtime), settings.dataDir(), PortProbe.system(), "1.0.0", Clock.systemUTC());
        runtime.open(service);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String id = new PipelineRepository(store).list().stream().map(Versioned::value)
                    .filter(p -> p.projectId() == null).map(p -> p.id()).findFirst().orElse(null);
            int port = id == null ? 0 : runtime.ingestionPort(id);
            if (port != 0) {
                return new DefaultPipeline(runtime, service, port);
            }
            Thread.sleep(50);
        }
        runtime.close();
        throw new IllegalStateException("the default pipeline did not listen within 60 s");
    }

    @Override
    public void close() {
        runtime.close();
    }
}
