package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.clickstream.ingestion.metrics.Rejection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer-JWT authentication of the collect endpoint against a real OIDC provider (mock-oauth2-server) running in the
 * test JVM: discovery, JWKS, signatures and claims are all the provider's own.
 */
class BearerAuthTest {

    private static final String APP = "shop";
    private static final String ORIGIN = "https://shop.example";
    private static final String ISSUER_ID = "clickstream";
    private static final String AUDIENCE = "collector";

    @TempDir
    Path lake;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private RotatingKeys keys;
    private MockOAuth2Server oidc;
    private IngestionServer server;
    private String issuer;

    /** The provider's signing key, replaceable to rotate it: its JWKS then holds only the new key. */
    static final class RotatingKeys extends KeyProvider {
        private volatile JWK current;

        RotatingKeys() throws Exception {
            rotate("key-1");
        }

        void rotate(String kid) throws Exception {
            current = new RSAKeyGenerator(2048).keyID(kid).generate();
        }

        @Override
        public JWK signingKey(String issuerId) {
            return current;
        }
    }

    @BeforeEach
    void startProvider() throws Exception {
        keys = new RotatingKeys();
        oidc = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
        oidc.start();
        issuer = oidc.issuerUrl(ISSUER_ID).toString();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        oidc.shutdown();
    }

    private void start(BearerAuth auth) {
        StaticAppRegistry apps = StaticAppRegistry.of(new AppPolicy(APP, true, Set.of(ORIGIN)));
        server = IngestionServer.start(IngestionSettings.defaults(lake, apps).withHost("127.0.0.1")
                .withNodeId("auth-node").withAuth(auth));
    }

    private void start() {
        start(BearerAuth.of(issuer, AUDIENCE).withMinRefreshInterval(Duration.ZERO));
    }

    private String token(String issuerId, List<String> audience, long expirySeconds) {
        return oidc.issueToken(issuerId, "web-sdk", new DefaultOAuth2TokenCallback(issuerId, "visitor-1", "JWT",
                audience, Map.of(), expirySeconds)).serialize();
    }

    private String validToken() {
        return token(ISSUER_ID, List.of(AUDIENCE), 3600);
    }

    private HttpResponse<String> post(String idPrefix, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/collect?appId=" + APP + "&platform=Web"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(SdkBodies.batch(APP, idPrefix, 1), StandardCharsets.UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postWithToken(String idPrefix, String token) throws Exception {
        return post(idPrefix, "Authorization", "Bearer " + token);
    }

    /** A 403 whose body names each of {@code reasons}; closes the server and checks the lake holds nothing. */
    private void assertRefusedAndNothingLanded(HttpResponse<String> response, String... reasons) {
        assertThat(response.statusCode()).isEqualTo(403);
        for (String reason : reasons) {
            assertThat(response.body()).contains(reason);
        }
        assertThat(landedEventIds()).isEmpty();
    }

    private List<String> landedEventIds() {
        server.close();
        return LakeFiles.envelopes(lake).stream()
                .flatMap(envelope -> java.util.regex.Pattern.compile("\"event_id\":\"([^\"]+)\"")
                        .matcher(envelope.data()).results().map(m -> m.group(1)))
                .toList();
    }

    @Test
    void accepts_a_valid_token_of_the_issuer_and_stores_no_credential() throws Exception {
        start();
        String token = validToken();
        HttpResponse<String> first = postWithToken("ok", token);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> again = postWithToken("again", token);
        assertThat(again.statusCode()).isEqualTo(200);

        assertThat(landedEventIds()).containsExactlyInAnyOrder("ok-0", "again-0");
        assertThat(LakeFiles.envelopes(lake)).allSatisfy(envelope -> {
            assertThat(envelope.uri()).doesNotContain(token);
            assertThat(envelope.data()).doesNotContain(token);
        });
    }

    @Test
    void refuses_a_request_without_a_token_with_403_and_a_bearer_challenge() throws Exception {
        start();
        HttpResponse<String> response = post("anonymous");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("missing bearer token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"clickstream\"");

        HttpResponse<String> basic = post("basic", "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(basic.statusCode()).isEqualTo(403);
        assertThat(basic.body()).contains("Bearer scheme");

        HttpResponse<String> garbage = post("garbage", "Authorization", "Bearer not-a-jwt");
        assertThat(garbage.statusCode()).isEqualTo(403);
        assertThat(garbage.body()).contains("not a signed JWT");
        assertThat(garbage.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        assertThat(server.metrics().rejections(Rejection.UNAUTHENTICATED)).isEqualTo(3);
        assertThat(landedEventIds()).isEmpty();
    }

    @Test
    void refuses_an_expired_token() throws Exception {
        start();
        assertRefusedAndNothingLanded(postWithToken("expired", token(ISSUER_ID, List.of(AUDIENCE), -3600)), "expired");
    }

    @Test
    void refuses_a_token_that_is_not_valid_yet() throws Exception {
        start();
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        String early = oidc.issueToken(ISSUER_ID, "web-sdk", new DefaultOAuth2TokenCallback(ISSUER_ID, "visitor-1",
                "JWT", List.of(AUDIENCE), Map.of("nbf", inAnHour), 7200)).serialize();
        assertThat(SignedJWT.parse(early).getJWTClaimsSet().getNotBeforeTime().getTime() / 1000).isEqualTo(inAnHour);
        assertRefusedAndNothingLanded(postWithToken("early", early), "not valid before");
    }

    @Test
    void refuses_a_token_for_another_audience() throws Exception {
        start();
        assertRefusedAndNothingLanded(postWithToken("aud", token(ISSUER_ID, List.of("some-other-api"), 3600)),
                "audience", "some-other-api");
    }

    @Test
    void refuses_a_token_of_another_issuer_even_when_signed_with_the_same_key() throws Exception {
        start();
        assertRefusedAndNothingLanded(postWithToken("iss", token("someone-else", List.of(AUDIENCE), 3600)), "issuer");
    }

    @Test
    void refuses_forged_signatures_and_symmetric_or_unsigned_tokens() throws Exception {
        start();
        assertThat(postWithToken("warmup", validToken()).statusCode()).isEqualTo(200);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject("visitor-1")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build();

        // Same kid and claims as a real token, signed with a key the issuer never published.
        RSAKey forger = new RSAKeyGenerator(2048).keyID(keys.signingKey(ISSUER_ID).getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(forger.getKeyID()).build(),
                claims);
        forged.sign(new RSASSASigner(forger));
        HttpResponse<String> response = postWithToken("forged", forged.serialize());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("signature");

        // A valid token with its payload swapped keeps a signature that no longer matches.
        String[] parts = validToken().split("\\.");
        String swapped = parts[0] + "." + forged.serialize().split("\\.")[1] + "." + parts[2];
        assertThat(postWithToken("swapped", swapped).statusCode()).isEqualTo(403);

        // HMAC keyed with public material, and alg=none, are refused outright.
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner(new byte[32]));
        HttpResponse<String> symmetric = postWithToken("hmac", hmac.serialize());
        assertThat(symmetric.statusCode()).isEqualTo(403);
        assertThat(symmetric.body()).contains("HS256");
        String none = new com.nimbusds.jwt.PlainJWT(claims).serialize();
        assertThat(postWithToken("none", none).statusCode()).isEqualTo(403);

        assertThat(landedEventIds()).containsExactly("warmup-0");
    }

    @Test
    void follows_a_key_rotation_and_stops_accepting_tokens_of_the_withdrawn_key() throws Exception {
        start();
        String before = validToken();
        assertThat(postWithToken("before", before).statusCode()).isEqualTo(200);

        keys.rotate("key-2");
        String after = validToken();
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo("key-2");
        HttpResponse<String> rotated = postWithToken("after", after);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);

        HttpResponse<String> withdrawn = postWithToken("withdrawn", before);
        assertThat(withdrawn.statusCode()).isEqualTo(403);
        assertThat(withdrawn.body()).contains("key-1");
        assertThat(landedEventIds()).containsExactlyInAnyOrder("before-0", "after-0");
    }

    @Test
    void refetches_keys_for_an_unknown_kid_at_most_once_per_interval() throws Exception {
        start(BearerAuth.of(issuer, AUDIENCE).withMinRefreshInterval(Duration.ofHours(1)));
        assertThat(postWithToken("first", validToken()).statusCode()).isEqualTo(200);
        keys.rotate("key-2");
        HttpResponse<String> tooSoon = postWithToken("too-soon", validToken());
        assertThat(tooSoon.statusCode()).isEqualTo(403);
        assertThat(tooSoon.body()).contains("key-2");
    }

    @Test
    void preflight_needs_no_token_and_allows_the_authorization_header() throws Exception {
        start();
        HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/collect?appId=" + APP))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization");

        // A browser can read why it was refused: the 403 carries the CORS headers too.
        HttpResponse<String> refused = post("cors", "Origin", ORIGIN);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        HttpResponse<String> accepted = post("cors-ok", "Origin", ORIGIN, "Authorization", "Bearer " + validToken());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    }

    @Test
    void answers_503_while_the_issuer_cannot_be_reached() throws Exception {
        String unreachable = issuer;
        oidc.shutdown();
        start(BearerAuth.of(unreachable, AUDIENCE).withMinRefreshInterval(Duration.ZERO));
        RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder().issuer(unreachable).audience(AUDIENCE)
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new RSASSASigner(key));
        HttpResponse<String> response = postWithToken("down", jwt.serialize());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        oidc = new MockOAuth2Server();
    }
}
