package io.clickstream.studio.embed.quicksight;

import io.clickstream.studio.embed.EmbedLink;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.AnonymousUserDashboardVisualEmbeddingConfiguration;
import software.amazon.awssdk.services.quicksight.model.AnonymousUserEmbeddingExperienceConfiguration;
import software.amazon.awssdk.services.quicksight.model.DashboardVisualId;
import software.amazon.awssdk.services.quicksight.model.GenerateEmbedUrlForAnonymousUserRequest;
import software.amazon.awssdk.services.quicksight.model.GenerateEmbedUrlForRegisteredUserRequest;
import software.amazon.awssdk.services.quicksight.model.QuickSightException;
import software.amazon.awssdk.services.quicksight.model.RegisteredUserDashboardEmbeddingConfiguration;
import software.amazon.awssdk.services.quicksight.model.RegisteredUserDashboardVisualEmbeddingConfiguration;
import software.amazon.awssdk.services.quicksight.model.RegisteredUserEmbeddingExperienceConfiguration;

/**
 * Asks QuickSight for embed URLs, each fresh and short-lived, and turns its refusals into sentences a viewer can act
 * on. A studio user sees a linked QuickSight dashboard as their QuickSight user
 * ({@code GenerateEmbedUrlForRegisteredUser}, experience {@code Dashboard}); a portal sees one visual
 * ({@code DashboardVisual}) anonymously ({@code GenerateEmbedUrlForAnonymousUser}, authorized for that one dashboard's
 * ARN) or as the registered user its link names. Allowed domains are the origins whose pages frame QuickSight's
 * iframe: QuickSight's own {@code frame-ancestors} is checked against every ancestor, so the studio's origin is
 * always among them, and for a portal the link's origins too.
 */
public class QuickSightEmbedding {

    private static final Logger log = LoggerFactory.getLogger(QuickSightEmbedding.class);

    private final QuickSightProperties properties;
    private final Supplier<QuickSightClient> clients;
    private volatile QuickSightClient client;

    public QuickSightEmbedding(QuickSightProperties properties, Supplier<QuickSightClient> clients) {
        this.properties = properties;
        this.clients = clients;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** An embed URL of a QuickSight dashboard for the studio user {@code studioUser}, framed by the studio. */
    public String dashboardUrl(String quickSightDashboardId, String studioUser, String studioOrigin) {
        requireEnabled();
        if (properties.userArnTemplate() == null || properties.userArnTemplate().isBlank()) {
            throw new QuickSightFailure("QuickSight dashboards need clickstream.quicksight.user-arn-template to know "
                    + "which QuickSight user a studio user is.");
        }
        String userArn = properties.userArnTemplate().replace("{user}", studioUser);
        return call("the QuickSight dashboard", () -> client().generateEmbedUrlForRegisteredUser(
                GenerateEmbedUrlForRegisteredUserRequest.builder()
                        .awsAccountId(properties.accountId())
                        .userArn(userArn)
                        .sessionLifetimeInMinutes((long) properties.sessionMinutes())
                        .allowedDomains(studioOrigin)
                        .experienceConfiguration(RegisteredUserEmbeddingExperienceConfiguration.builder()
                                .dashboard(RegisteredUserDashboardEmbeddingConfiguration.builder()
                                        .initialDashboardId(quickSightDashboardId).build())
                                .build())
                        .build()).embedUrl());
    }

    /** An embed URL of the link's QuickSight visual, for the portal pages its link allows and the studio's embed page. */
    public String visualUrl(EmbedLink link, String studioOrigin) {
        requireEnabled();
        EmbedLink.QuickSightVisual visual = link.quickSightVisual();
        if (visual == null) {
            throw new IllegalArgumentException("the link shows no QuickSight visual");
        }
        DashboardVisualId visualId = DashboardVisualId.builder().dashboardId(visual.dashboardId())
                .sheetId(visual.sheetId()).visualId(visual.visualId()).build();
        Set<String> domains = new LinkedHashSet<>(link.allowedOrigins());
        domains.add(studioOrigin);
        List<String> allowedDomains = new ArrayList<>(domains);
        if (visual.userArn() != null) {
            return call("the QuickSight visual", () -> client().generateEmbedUrlForRegisteredUser(
                    GenerateEmbedUrlForRegisteredUserRequest.builder()
                            .awsAccountId(properties.accountId())
                            .userArn(visual.userArn())
                            .sessionLifetimeInMinutes((long) properties.visualSessionMinutes())
                            .allowedDomains(allowedDomains)
                            .experienceConfiguration(RegisteredUserEmbeddingExperienceConfiguration.builder()
                                    .dashboardVisual(RegisteredUserDashboardVisualEmbeddingConfiguration.builder()
                                            .initialDashboardVisualId(visualId).build())
                                    .build())
                            .build()).embedUrl());
        }
        return call("the QuickSight visual", () -> client().generateEmbedUrlForAnonymousUser(
                GenerateEmbedUrlForAnonymousUserRequest.builder()
                        .awsAccountId(properties.accountId())
                        .namespace(properties.namespace())
                        .sessionLifetimeInMinutes((long) properties.visualSessionMinutes())
                        .authorizedResourceArns(dashboardArn(visual.dashboardId()))
                        .allowedDomains(allowedDomains)
                        .experienceConfiguration(AnonymousUserEmbeddingExperienceConfiguration.builder()
                                .dashboardVisual(AnonymousUserDashboardVisualEmbeddingConfiguration.builder()
                                        .initialDashboardVisualId(visualId).build())
                                .build())
                        .build()).embedUrl());
    }

    String dashboardArn(String dashboardId) {
        String region = properties.region() != null ? properties.region()
                : client().serviceClientConfiguration().region().id();
        return "arn:aws:quicksight:" + region + ":" + properties.accountId() + ":dashboard/" + dashboardId;
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw new QuickSightFailure("QuickSight is not configured for this studio (set "
                    + "clickstream.quicksight.account-id in AWS mode).");
        }
    }

    private QuickSightClient client() {
        QuickSightClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = clients.get();
                }
                current = client;
            }
        }
        return current;
    }

    private static String call(String what, Supplier<String> request) {
        try {
            return request.get();
        } catch (QuickSightException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            log.warn("QuickSight refused an embed URL for {}: {} ({})", what, code, e.statusCode());
            throw new QuickSightFailure(plainWords(what, code), e);
        } catch (SdkClientException e) {
            log.warn("QuickSight could not be reached for {}: {}", what, e.getMessage());
            throw new QuickSightFailure("QuickSight could not be reached to show " + what + ". Try again in a "
                    + "moment.", e);
        } catch (SdkException e) {
            throw new QuickSightFailure("QuickSight could not show " + what + ".", e);
        }
    }

    static String plainWords(String what, String code) {
        return switch (code == null ? "" : code) {
            case "ResourceNotFoundException" -> "QuickSight does not know " + what + ": it may have been deleted, "
                    + "or its id is wrong.";
            case "AccessDeniedException" -> "The studio is not allowed to embed " + what + " (QuickSight denied "
                    + "access: check the studio's IAM role and the dashboard's permissions).";
            case "QuickSightUserNotFoundException" -> "Your user has no QuickSight account, so " + what
                    + " cannot be shown. Ask an administrator to register you in QuickSight.";
            case "UnsupportedPricingPlanException" -> "This QuickSight account cannot embed for anonymous viewers "
                    + "(it needs session capacity pricing).";
            case "UnsupportedUserEditionException" -> "This QuickSight edition cannot embed " + what
                    + " (Enterprise edition is needed).";
            case "SessionLifetimeInMinutesInvalidException" -> "The configured session lifetime is not accepted by "
                    + "QuickSight (use 15 to 600 minutes).";
            case "ThrottlingException" -> "QuickSight is busy: try again in a moment.";
            case "InvalidParameterValueException" -> "QuickSight refused the request for " + what
                    + ": an id or an allowed domain is not valid.";
            default -> "QuickSight could not show " + what + " (" + (code == null || code.isBlank() ? "error" : code)
                    + ").";
        };
    }
}
