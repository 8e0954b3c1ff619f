package io.clickstream.pipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRepositoryTest {

    @TempDir
    Path dir;

    private SqliteMetadataStore store;
    private PipelineRepository repository;
    private final PipelineStateMachine machine =
            new PipelineStateMachine(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void open() {
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        repository = new PipelineRepository(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_pipeline_reads_back_equal_after_the_store_is_reopened() {
        PipelineDefinition aws = PipelineDefinitionCodec.read(Path.of("src/test/resources/pipelines/aws-pipeline.yaml"));
        Pipeline p = machine.create("p-1", "shop", aws, "alice");
        p = machine.progress(p, 1, "CREATE_IN_PROGRESS LakeBucket (AWS::S3::Bucket)");
        p = machine.failed(p, 1, "IngestionService (AWS::ECS::Service) CREATE_FAILED: Invalid request");
        repository.create(p);

        store.close();
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        repository = new PipelineRepository(store);

        Versioned<Pipeline> read = repository.find("p-1").orElseThrow();
        assertThat(read.value()).isEqualTo(p);
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.value().failedStep()).isEqualTo(PipelineAction.CREATE);
        assertThat(read.value().history()).hasSize(2);
    }

    @Test
    void a_write_from_a_stale_read_loses_and_changes_nothing() {
        Pipeline created = machine.create("p-1", "shop", PipelineDefinition.local("edge", 18090), null);
        long v1 = repository.create(created).version();
        Pipeline active = machine.succeeded(created, 1, "1.0.0", Map.of("ingestionEndpoint", "http://h:18090/collect"), "ok");
        repository.update(active, v1);

        assertThatThrownBy(() -> repository.update(machine.failed(created, 1, "stale"), v1))
                .isInstanceOf(ItemConflictException.class);
        Versioned<Pipeline> stored = repository.find("p-1").orElseThrow();
        assertThat(stored.value()).isEqualTo(active);
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.value().outputs()).containsEntry("ingestionEndpoint", "http://h:18090/collect");
    }

    @Test
    void pipelines_are_listed_by_project() {
        repository.create(machine.create("p-1", "shop", PipelineDefinition.local("a", 1), null));
        repository.create(machine.create("p-2", "blog", PipelineDefinition.local("b", 2), null));
        repository.create(machine.create("p-3", "shop", PipelineDefinition.local("c", 3), null));

        assertThat(repository.listByProject("shop")).extracting(v -> v.value().name()).containsExactly("a", "c");
        assertThat(repository.list()).hasSize(3);
        assertThat(repository.find("p-9")).isEmpty();
    }
}
