package io.clickstream.studio.base;

import io.clickstream.model.LakeLayout;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import io.clickstream.ingestion.BearerAuth;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code clickstream.*}: where the data lives and which runtime runs the pipeline. Sign-in
 * settings are {@code clickstream.security.*} (security package), the store's {@code clickstream.metadata.*}. Every value can be passed on the command line, e.g. {@code --clickstream.data-dir=/srv/clickstream}.
 *
 * @param dataDir   root of all local state; the lake is {@code <data-dir>/lake}
 * @param runtime   what runs the pipeline next to the studio: {@code local} (ingestion + scheduled ETL in this
 *                  JVM), {@code aws}, or {@code none} (the studio only reads an existing lake)
 * @param demo      whether the local runtime generates demo traffic into an empty lake
 * @param ingestion the embedded ingestion service of the local runtime
 * @param etl       the scheduled ETL of the local runtime
 * @param lake      how long the local lake keeps raw batches and quarantine
 */
@Validated
@ConfigurationProperties("clickstream")
public record ClickstreamProperties(
        @DefaultValue("./data") @NotNull Path dataDir,
        @DefaultValue("local") @NotNull Runtime runtime,
        @DefaultValue("true") boolean demo,
        @DefaultValue @Valid Ingestion ingestion,
        @DefaultValue @Valid Etl etl,
        @DefaultValue @Valid Lake lake) {

    /** Which runtime runs the pipeline beside the studio. */
    public enum Runtime { LOCAL, AWS, NONE }

    /**
     * @param port          HTTP port of the embedded ingestion service (SDKs post to {@code http://host:port/collect})
     * @param authIssuer    when set, collect requests need a bearer JWT of this OIDC issuer (its JWKS is found
     *                      through {@code <issuer>/.well-known/openid-configuration})
     * @param authAudience  the audience such tokens must name; required with {@code authIssuer}
     * @param publicUrl     where SDKs reach the collector, shown in the app pages' snippets (e.g.
     *                      {@code https://collect.example.com}); default {@code http://<studio host>:<port>}
     */
    public record Ingestion(@DefaultValue("8081") @Min(0) @Max(65535) int port, URI authIssuer, String authAudience,
                            URI publicUrl) {

        public Ingestion {
            if (authIssuer != null && (authAudience == null || authAudience.isBlank())) {
                throw new IllegalArgumentException(
                        "clickstream.ingestion.auth-audience is required with clickstream.ingestion.auth-issuer");
            }
        }

        /** The collect endpoint's bearer-token check, or null without one. */
        public BearerAuth auth() {
            return authIssuer == null ? null : BearerAuth.of(authIssuer.toString(), authAudience);
        }
    }

    /**
     * @param interval longest pause between two local ETL runs (a run also starts whenever ingestion publishes a
     *                 raw batch)
     * @param geoipDb  a MaxMind GeoIP2/GeoLite2 City database ({@code .mmdb}) for IP geolocation; none by default
     */
    public record Etl(@DefaultValue("60s") @NotNull Duration interval, Path geoipDb) {
    }

    /**
     * @param rawRetention        raw batches older than this are deleted once modeled (0 keeps them)
     * @param quarantineRetention quarantined events and requests older than this are deleted (0 keeps them)
     */
    public record Lake(@DefaultValue("30d") @NotNull Duration rawRetention,
                       @DefaultValue("90d") @NotNull Duration quarantineRetention) {

        /** The raw retention, or null to keep raw batches. */
        public Duration rawRetentionOrNull() {
            return rawRetention.isZero() ? null : rawRetention;
        }

        /** The quarantine retention, or null to keep quarantine. */
        public Duration quarantineRetentionOrNull() {
            return quarantineRetention.isZero() ? null : quarantineRetention;
        }
    }

    /** The local lake: {@code <data-dir>/lake}. */
    public Path lakeDir() {
        return dataDir.resolve("lake").toAbsolutePath().normalize();
    }

    /** The lake layout over {@link #lakeDir()}, as every module computes its paths. */
    public LakeLayout lakeLayout() {
        return new LakeLayout(lakeDir().toString());
    }
}
