package io.clickstream.studio.metadata;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the metadata scan runs by itself ({@code clickstream.metadata.scan.*}).
 *
 * @param auto         scan at startup and after ETL runs that modeled new events; off leaves only "Scan now"
 * @param minInterval  at least this long between two automatic scans
 * @param pollInterval how often the local runtime's ETL status is looked at
 */
@Validated
@ConfigurationProperties("clickstream.metadata.scan")
public record MetadataScanProperties(@DefaultValue("true") boolean auto,
                                     @DefaultValue("60s") @NotNull Duration minInterval,
                                     @DefaultValue("5s") @NotNull Duration pollInterval) {

    public MetadataScanProperties {
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("clickstream.metadata.scan.poll-interval must be positive");
        }
    }
}
