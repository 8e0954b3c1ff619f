package io.clickstream.studio.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The token of an embed link: {@code <payload>.<signature>}, both base64url, the payload
 * {@code {"l":linkId,"d":dashboardId,"t":tileId,"e":expiry epoch seconds}} and the signature its HMAC-SHA256 under
 * the studio's embed key. The key (32 random bytes) is made at the first start and kept in the metadata store (item
 * {@value #KEY_PARTITION}/{@value #KEY_SORT}), so every studio instance over one store signs alike; it is never
 * logged, and the token never is either. A token only says which link it is for: whether that link still opens
 * (revoked, expired, another dashboard) is {@link EmbedService}'s to decide against the stored link.
 */
@Component
class EmbedTokens {

    static final String KEY_PARTITION = "EMBED_KEY";
    static final String KEY_SORT = "hmac-sha256";
    private static final String ALGORITHM = "HmacSHA256";
    /** Longer tokens are refused before any decoding. */
    static final int MAX_LENGTH = 1024;

    private final byte[] key;
    private final ObjectMapper json = new ObjectMapper();

    EmbedTokens(MetadataStore store) {
        this.key = loadOrCreateKey(store);
    }

    /** What a token claims, once its signature is proven. */
    record Claims(String linkId, String dashboardId, String tileId, Instant expiresAt) {
    }

    String sign(Claims claims) {
        ObjectNode payload = json.createObjectNode();
        payload.put("l", claims.linkId());
        payload.put("d", claims.dashboardId());
        if (claims.tileId() != null) {
            payload.put("t", claims.tileId());
        }
        payload.put("e", claims.expiresAt().getEpochSecond());
        String encoded = base64(payload.toString().getBytes(StandardCharsets.UTF_8));
        return encoded + "." + base64(mac(encoded));
    }

    /** The claims of a token signed with this studio's key, or empty for anything else (forged, altered, garbled). */
    Optional<Claims> verify(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        byte[] signature;
        byte[] payload;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            payload = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(signature, mac(encoded))) {
            return Optional.empty();
        }
        try {
            JsonNode claims = json.readTree(payload);
            if (!claims.path("l").isTextual() || !claims.path("d").isTextual() || !claims.path("e").canConvertToLong()) {
                return Optional.empty();
            }
            return Optional.of(new Claims(claims.get("l").asText(), claims.get("d").asText(),
                    claims.path("t").isTextual() ? claims.get("t").asText() : null,
                    Instant.ofEpochSecond(claims.get("e").asLong())));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String encodedPayload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored key, or a new one; when two instances start at once, the one stored first wins for both. */
    private static byte[] loadOrCreateKey(MetadataStore store) {
        ItemKey itemKey = ItemKey.of(KEY_PARTITION, KEY_SORT);
        Optional<String> stored = store.get(itemKey).flatMap(item -> item.string("key"));
        if (stored.isPresent()) {
            return Base64.getDecoder().decode(stored.get());
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            store.create(itemKey, Map.of("key", Base64.getEncoder().encodeToString(fresh)));
            return fresh;
        } catch (ItemConflictException e) {
            return store.get(itemKey).flatMap(item -> item.string("key")).map(Base64.getDecoder()::decode)
                    .orElseThrow(() -> new IllegalStateException("the embed signing key vanished from the store"));
        }
    }

    @Override
    public String toString() {
        return "EmbedTokens[HMAC-SHA256]";
    }
}
