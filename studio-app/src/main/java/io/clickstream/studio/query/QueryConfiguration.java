package io.clickstream.studio.query;

import io.clickstream.studio.base.ClickstreamProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the embedded DuckDB and the event queries over the configured lake. */
@Configuration
class QueryConfiguration {

    @Bean(destroyMethod = "close")
    DuckDbDatabase duckDbDatabase() {
        return new DuckDbDatabase();
    }

    @Bean
    EventQueries eventQueries(DuckDbDatabase database, ClickstreamProperties properties) {
        return new EventQueries(database, properties.lakeLayout());
    }
}
