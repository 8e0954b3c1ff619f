package io.clickstream.metadata.dynamodb;

import java.net.URI;
import java.util.Objects;

/**
 * Where the DynamoDB metadata table is. Credentials are not part of it: they come from the AWS SDK's default chain
 * (environment, system properties, profile, container or instance role).
 *
 * @param table    the table name (3-255 characters of {@code [A-Za-z0-9_.-]}); its key is {@code pk} (S, partition)
 *                 and {@code sk} (S, sort), as infra-cdk creates it
 * @param region   the AWS region, e.g. {@code eu-west-1}, or null for the SDK's default ({@code AWS_REGION}, the
 *                 profile's, the instance's)
 * @param endpoint an endpoint override (a DynamoDB-compatible server, a VPC endpoint), or null for AWS's own
 */
public record DynamoDbSettings(String table, String region, URI endpoint) {

    public DynamoDbSettings {
        Objects.requireNonNull(table, "table");
        if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("a DynamoDB table name is 3-255 letters, digits, '_', '.' or '-': '"
                    + table + "'");
        }
        region = region == null || region.isBlank() ? null : region.strip();
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("the DynamoDB endpoint must be a URL such as http://127.0.0.1:8000: '"
                    + endpoint + "'");
        }
    }
}
