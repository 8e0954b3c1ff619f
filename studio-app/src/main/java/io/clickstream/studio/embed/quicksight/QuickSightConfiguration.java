package io.clickstream.studio.embed.quicksight;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.QuickSightClientBuilder;

/** The QuickSight client, made at its first use only (a studio without QuickSight never builds one). */
@Configuration
@EnableConfigurationProperties(QuickSightProperties.class)
class QuickSightConfiguration {

    @Bean
    QuickSightEmbedding quickSightEmbedding(QuickSightProperties properties) {
        return new QuickSightEmbedding(properties, () -> {
            QuickSightClientBuilder client = QuickSightClient.builder().httpClient(UrlConnectionHttpClient.create());
            if (properties.region() != null) {
                client.region(Region.of(properties.region()));
            }
            if (properties.endpoint() != null) {
                client.endpointOverride(properties.endpoint());
            }
            return client.build();
        });
    }
}
