package io.clickstream.studio.store;

import io.clickstream.metadata.dynamodb.DynamoDbSettings;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the studio keeps its state ({@code clickstream.metadata.*}).
 *
 * @param store    {@code sqlite} (default: an embedded database file) or {@code dynamodb}
 * @param file     the SQLite file; default {@code <clickstream.data-dir>/metadata.db}
 * @param dynamodb the DynamoDB table, with {@code store=dynamodb}
 */
@Validated
@ConfigurationProperties("clickstream.metadata")
public record MetadataStoreProperties(@DefaultValue("sqlite") @NotNull Kind store, Path file,
                                      @DefaultValue DynamoDb dynamodb) {

    /** Which adapter holds the items. */
    public enum Kind { SQLITE, DYNAMODB }

    /**
     * The DynamoDB table ({@code clickstream.metadata.dynamodb.*}); credentials come from the AWS SDK's default chain
     * (environment, profile, container or instance role), never from the studio's settings.
     *
     * @param table    the table's name (infra-cdk's studio stack creates it: key {@code pk} and {@code sk}, both S)
     * @param region   its region; default the SDK's ({@code AWS_REGION}, the profile's, the instance's)
     * @param endpoint an endpoint override (a VPC endpoint, a DynamoDB-compatible server), optional
     */
    public record DynamoDb(String table, String region, URI endpoint) {
    }

    /** The DynamoDB settings, or a message naming the setting to fix. */
    public DynamoDbSettings dynamoDbSettings() {
        if (dynamodb == null || dynamodb.table() == null || dynamodb.table().isBlank()) {
            throw new IllegalArgumentException("clickstream.metadata.dynamodb.table is required with "
                    + "clickstream.metadata.store=dynamodb");
        }
        try {
            return new DynamoDbSettings(dynamodb.table().strip(), dynamodb.region(), dynamodb.endpoint());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clickstream.metadata.dynamodb: " + e.getMessage(), e);
        }
    }
}
