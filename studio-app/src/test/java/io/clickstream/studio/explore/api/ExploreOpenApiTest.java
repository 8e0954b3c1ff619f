package io.clickstream.studio.explore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.AttributionResult;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.RetentionResult;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI description of the exploration endpoints stays in step with the records that are the JSON shapes. */
class ExploreOpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void describes_every_endpoint_and_every_field_of_the_records() throws Exception {
        Map<String, Object> document;
        try (InputStream in = getClass().getResourceAsStream("/openapi/explore.yaml")) {
            document = new Yaml().load(in);
        }
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        for (String analysis : List.of("event", "funnel", "path", "retention", "attribution", "lifecycle")) {
            assertThat(paths).containsKey("/api/v1/apps/{appId}/explore/" + analysis);
        }
        assertThat(paths).containsKey("/api/v1/apps/{appId}/explore/queries/{queryId}");
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        for (Class<?> record : List.of(EventQuery.class, EventResult.class, FunnelQuery.class, FunnelResult.class,
                PathQuery.class, PathResult.class, RetentionQuery.class, RetentionResult.class, AttributionQuery.class,
                AttributionResult.class, LifecycleQuery.class, LifecycleResult.class)) {
            Map<String, Object> schema = (Map<String, Object>) schemas.get(record.getSimpleName());
            assertThat(schema).as(record.getSimpleName()).isNotNull();
            assertThat(((Map<String, Object>) schema.get("properties")).keySet()).as(record.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(record.getRecordComponents())
                            .map(RecordComponent::getName).toList());
        }
    }
}
