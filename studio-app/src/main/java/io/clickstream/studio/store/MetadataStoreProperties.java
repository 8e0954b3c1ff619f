package io.clickstream.studio.store;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the studio keeps its state ({@code clickstream.metadata.*}).
 *
 * @param store    {@code sqlite} (default: an embedded database file) or {@code dynamodb}
 * @param file     the SQLite file; default {@code <clickstream.data-dir>/metadata.db}
 */
@Validated
@ConfigurationProperties("clickstream.metadata")
public record MetadataStoreProperties(@DefaultValue("sqlite") @NotNull Kind store, Path file) {

    /** Which adapter holds the items. */
    public enum Kind { SQLITE, DYNAMODB }
}
