package io.clickstream.studio.embed.quicksight;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clickstream.quicksight.*}: where the studio asks QuickSight for embed URLs. Embedding is on when
 * {@code account-id} is set (AWS mode; infra-cdk sets it).
 *
 * @param accountId              the AWS account of the QuickSight subscription
 * @param region                 QuickSight's region (the SDK's default chain when unset)
 * @param endpoint               an endpoint override (VPC endpoint; a local stand-in in tests)
 * @param namespace              the QuickSight namespace of the users
 * @param userArnTemplate        the QuickSight user of a studio user, {@code {user}} replaced by the studio user name,
 *                               e.g. {@code arn:aws:quicksight:us-east-1:123456789012:user/default/{user}}
 * @param sessionMinutes         lifetime of an embedded session for studio users (15-600)
 * @param visualSessionMinutes   lifetime of an embedded visual's session in a portal (15-600; kept short)
 */
@ConfigurationProperties("clickstream.quicksight")
public record QuickSightProperties(String accountId, String region, URI endpoint,
                                   @DefaultValue("default") String namespace, String userArnTemplate,
                                   @DefaultValue("60") int sessionMinutes,
                                   @DefaultValue("15") int visualSessionMinutes) {

    public boolean enabled() {
        return accountId != null && !accountId.isBlank();
    }
}
