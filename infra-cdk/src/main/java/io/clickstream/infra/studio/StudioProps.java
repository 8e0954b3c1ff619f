package io.clickstream.infra.studio;

import io.clickstream.infra.common.ContainerImageRef;
import io.clickstream.infra.ingestion.IngestionProps;
import java.util.Objects;

/**
 * Typed props of {@link StudioStack}.
 *
 * @param image     the studio-app image
 * @param metadataTable the name of the metadata store's DynamoDB table (the collectors read the apps from it)
 * @param cpu       task CPU units
 * @param memoryMiB task memory
 * @param tasks     studio tasks (sessions stick to one of them)
 * @param https     the studio's domain and certificate, or null for HTTP on the load balancer's name
 * @param signIn    Cognito, or an external OIDC issuer
 * @param logDays   days the studio's logs are kept
 */
public record StudioProps(ContainerImageRef image, String metadataTable, int cpu, int memoryMiB, int tasks, IngestionProps.Https https,
                          SignIn signIn, int logDays) {

    public StudioProps {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(signIn, "signIn");
        if (metadataTable == null || !metadataTable.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("not a DynamoDB table name: '" + metadataTable + "'");
        }
        if (tasks < 1) {
            throw new IllegalArgumentException("the studio needs at least one task");
        }
    }

    /** How users sign in. */
    public sealed interface SignIn permits Cognito, Oidc {
    }

    /**
     * A Cognito user pool created with the studio.
     *
     * @param domainPrefix the prefix of the pool's hosted sign-in domain ({@code <prefix>.auth.<region>.amazoncognito.com})
     */
    public record Cognito(String domainPrefix) implements SignIn {
        public Cognito {
            if (domainPrefix == null || !domainPrefix.matches("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")) {
                throw new IllegalArgumentException("a Cognito domain prefix is lower-case letters, digits and"
                        + " hyphens, was '" + domainPrefix + "'");
            }
        }
    }

    /**
     * An external OIDC issuer (Keycloak, Okta, Entra ID, ...).
     *
     * @param issuerUri  the issuer ({@code <issuer>/.well-known/openid-configuration} must answer)
     * @param clientId   the studio's client id at the issuer
     * @param clientSecretName the Secrets Manager secret holding the client secret; null creates an empty one to fill
     */
    public record Oidc(String issuerUri, String clientId, String clientSecretName) implements SignIn {
        public Oidc {
            if (issuerUri == null || !issuerUri.startsWith("https://")) {
                throw new IllegalArgumentException("an OIDC issuer must be an https:// URL, was '" + issuerUri + "'");
            }
            Objects.requireNonNull(clientId, "clientId");
        }
    }
}
