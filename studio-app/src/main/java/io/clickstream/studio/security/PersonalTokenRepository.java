package io.clickstream.studio.security;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * Personal API tokens in the metadata store: partition {@value #PARTITION}, the token's public id as sort key, so
 * authenticating a request is one read; the secret is kept only as its SHA-256 hash.
 */
@Repository
class PersonalTokenRepository {

    static final String PARTITION = "API_TOKEN";

    private final MetadataStore store;

    PersonalTokenRepository(MetadataStore store) {
        this.store = store;
    }

    /** A stored token with its hash, for the authenticator. */
    record Stored(ApiTokenRecord token, String hash, long version) {
    }

    Optional<Stored> find(String id) {
        return store.get(key(id)).map(PersonalTokenRepository::stored);
    }

    List<ApiTokenRecord> listOf(String username) {
        return store.queryAll(PARTITION, "").stream().map(PersonalTokenRepository::stored)
                .map(Stored::token).filter(t -> t.username().equals(username)).toList();
    }

    void create(ApiTokenRecord token, String hash) {
        store.create(key(token.id()), attributes(token, hash));
    }

    /** Best effort: a concurrent use of the same token already wrote a time close enough. */
    void touch(Stored stored, Instant usedAt) {
        ApiTokenRecord t = stored.token();
        try {
            store.update(key(t.id()), stored.version(), attributes(
                    new ApiTokenRecord(t.id(), t.username(), t.name(), t.createdAt(), usedAt), stored.hash()));
        } catch (ItemConflictException ignored) {
            // another request updated it first
        }
    }

    Versioned<ApiTokenRecord> delete(String id) {
        Stored stored = find(id).orElse(null);
        if (stored == null) {
            return null;
        }
        store.delete(key(id), stored.version());
        return new Versioned<>(stored.token(), stored.version());
    }

    void deleteAllOf(String username) {
        for (ApiTokenRecord token : listOf(username)) {
            delete(token.id());
        }
    }

    private static ItemKey key(String id) {
        return ItemKey.of(PARTITION, id);
    }

    private static Map<String, Object> attributes(ApiTokenRecord token, String hash) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("username", token.username());
        attributes.put("name", token.name());
        attributes.put("hash", hash);
        attributes.put("createdAt", token.createdAt().toString());
        attributes.put("lastUsedAt", token.lastUsedAt() == null ? null : token.lastUsedAt().toString());
        return attributes;
    }

    private static Stored stored(Item item) {
        return new Stored(new ApiTokenRecord(item.key().sk(), item.string("username").orElse(""),
                item.string("name").orElse(""), item.string("createdAt").map(Instant::parse).orElse(Instant.EPOCH),
                item.string("lastUsedAt").map(Instant::parse).orElse(null)),
                item.string("hash").orElse(""), item.version());
    }
}
