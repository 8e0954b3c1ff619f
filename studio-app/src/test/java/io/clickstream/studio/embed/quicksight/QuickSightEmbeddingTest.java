package io.clickstream.studio.embed.quicksight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.studio.embed.EmbedLink;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.quicksight.QuickSightClient;

/**
 * Embed URLs from QuickSight, against a local stand-in that checks each request the AWS SDK sends (operation path,
 * user ARN, experience, authorized dashboard ARN, allowed domains, session lifetime, signature) and replays
 * QuickSight's answers and refusals, which reach the page in plain words.
 */
class QuickSightEmbeddingTest {

    static final String ACCOUNT = "123456789012";
    static final String STUDIO = "https://studio.example.com";
    static final String EMBED_URL = "https://eu-west-1.quicksight.aws.amazon.com/embed/abc/dashboards/dash-1?code=xyz";

    FakeQuickSight quickSight;
    QuickSightEmbedding embedding;

    @BeforeEach
    void start() throws Exception {
        quickSight = new FakeQuickSight();
        embedding = embedding(new QuickSightProperties(ACCOUNT, "eu-west-1", quickSight.uri(), "default",
                "arn:aws:quicksight:eu-west-1:" + ACCOUNT + ":user/default/{user}", 60, 15));
    }

    QuickSightEmbedding embedding(QuickSightProperties properties) {
        return new QuickSightEmbedding(properties, () -> QuickSightClient.builder()
                .endpointOverride(quickSight.uri()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG")))
                .httpClient(UrlConnectionHttpClient.create()).build());
    }

    @AfterEach
    void stop() {
        quickSight.close();
    }

    static EmbedLink visualLink(String userArn) {
        return new EmbedLink("link-1", "board-1", null, new EmbedLink.QuickSightVisual("dash-1", "sheet-2", "visual-3",
                userArn), List.of(), "30d", List.of("https://portal.example", "https://intranet.example:8443"), "admin",
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-21T10:00:00Z"), null);
    }

    static JsonNode json(String text) throws Exception {
        return FakeQuickSight.JSON.readTree(text);
    }

    @Test
    void a_portal_visual_is_embedded_for_anonymous_viewers_of_that_one_dashboard() throws Exception {
        quickSight.embedUrl(EMBED_URL);

        assertThat(embedding.visualUrl(visualLink(null), STUDIO)).isEqualTo(EMBED_URL);

        FakeQuickSight.Request request = quickSight.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/accounts/" + ACCOUNT + "/embed-url/anonymous-user");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/quicksight/aws4_request");
        assertThat(request.body()).isEqualTo(json("{\"SessionLifetimeInMinutes\":15,\"Namespace\":\"default\","
                + "\"AuthorizedResourceArns\":[\"arn:aws:quicksight:eu-west-1:" + ACCOUNT + ":dashboard/dash-1\"],"
                + "\"ExperienceConfiguration\":{\"DashboardVisual\":{\"InitialDashboardVisualId\":{"
                + "\"DashboardId\":\"dash-1\",\"SheetId\":\"sheet-2\",\"VisualId\":\"visual-3\"}}},"
                + "\"AllowedDomains\":[\"https://portal.example\",\"https://intranet.example:8443\",\"" + STUDIO + "\"]}"));
    }

    @Test
    void a_portal_visual_for_a_registered_user_names_that_user() throws Exception {
        quickSight.embedUrl(EMBED_URL);
        String user = "arn:aws:quicksight:eu-west-1:" + ACCOUNT + ":user/default/portal-reader";

        embedding.visualUrl(visualLink(user), STUDIO);

        FakeQuickSight.Request request = quickSight.requests().get(0);
        assertThat(request.path()).isEqualTo("/accounts/" + ACCOUNT + "/embed-url/registered-user");
        assertThat(request.body()).isEqualTo(json("{\"SessionLifetimeInMinutes\":15,\"UserArn\":\"" + user + "\","
                + "\"ExperienceConfiguration\":{\"DashboardVisual\":{\"InitialDashboardVisualId\":{"
                + "\"DashboardId\":\"dash-1\",\"SheetId\":\"sheet-2\",\"VisualId\":\"visual-3\"}}},"
                + "\"AllowedDomains\":[\"https://portal.example\",\"https://intranet.example:8443\",\"" + STUDIO + "\"]}"));
    }

    @Test
    void a_studio_user_sees_a_linked_dashboard_as_their_quicksight_user() throws Exception {
        quickSight.embedUrl(EMBED_URL);

        assertThat(embedding.dashboardUrl("dash-9", "ana", STUDIO)).isEqualTo(EMBED_URL);

        FakeQuickSight.Request request = quickSight.requests().get(0);
        assertThat(request.path()).isEqualTo("/accounts/" + ACCOUNT + "/embed-url/registered-user");
        assertThat(request.body()).isEqualTo(json("{\"SessionLifetimeInMinutes\":60,"
                + "\"UserArn\":\"arn:aws:quicksight:eu-west-1:" + ACCOUNT + ":user/default/ana\","
                + "\"ExperienceConfiguration\":{\"Dashboard\":{\"InitialDashboardId\":\"dash-9\"}},"
                + "\"AllowedDomains\":[\"" + STUDIO + "\"]}"));
    }

    @Test
    void refusals_are_told_in_plain_words() {
        quickSight.error(404, "ResourceNotFoundException", "Dashboard dash-1 not found")
                .error(403, "AccessDeniedException", "User is not authorized")
                .error(403, "UnsupportedPricingPlanException", "Anonymous embedding needs capacity pricing")
                .error(404, "QuickSightUserNotFoundException", "User ana not found");

        assertThatThrownBy(() -> embedding.visualUrl(visualLink(null), STUDIO)).isInstanceOf(QuickSightFailure.class)
                .hasMessage("QuickSight does not know the QuickSight visual: it may have been deleted, or its id is "
                        + "wrong.");
        assertThatThrownBy(() -> embedding.visualUrl(visualLink(null), STUDIO))
                .hasMessageStartingWith("The studio is not allowed to embed the QuickSight visual");
        assertThatThrownBy(() -> embedding.visualUrl(visualLink(null), STUDIO))
                .hasMessage("This QuickSight account cannot embed for anonymous viewers (it needs session capacity "
                        + "pricing).");
        assertThatThrownBy(() -> embedding.dashboardUrl("dash-9", "ana", STUDIO))
                .hasMessageStartingWith("Your user has no QuickSight account");
        assertThat(quickSight.requests()).as("4xx refusals are not retried").hasSize(4);
    }

    @Test
    void an_unreachable_or_unconfigured_quicksight_is_told_in_plain_words() {
        quickSight.close();
        assertThatThrownBy(() -> embedding.visualUrl(visualLink(null), STUDIO)).isInstanceOf(QuickSightFailure.class)
                .hasMessage("QuickSight could not be reached to show the QuickSight visual. Try again in a moment.");

        QuickSightEmbedding off = embedding(new QuickSightProperties(null, null, null, "default", null, 60, 15));
        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(() -> off.visualUrl(visualLink(null), STUDIO))
                .hasMessageContaining("QuickSight is not configured");
        QuickSightEmbedding noUsers = embedding(new QuickSightProperties(ACCOUNT, "eu-west-1", null, "default", null,
                60, 15));
        assertThatThrownBy(() -> noUsers.dashboardUrl("dash-9", "ana", STUDIO))
                .hasMessageContaining("user-arn-template");
    }
}
