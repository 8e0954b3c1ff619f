package io.clickstream.studio.security;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/** Local users in the metadata store: partition {@value #PARTITION}, the user name as sort key. */
@Repository
class UserRepository {

    static final String PARTITION = "USER";

    private final MetadataStore store;

    UserRepository(MetadataStore store) {
        this.store = store;
    }

    List<Versioned<UserRecord>> list() {
        return store.queryAll(PARTITION, "").stream().map(UserRepository::user).toList();
    }

    boolean isEmpty() {
        return store.query(PARTITION, "", null, 1).items().isEmpty();
    }

    Optional<Versioned<UserRecord>> find(String username) {
        if (!UserService.isValidUsername(username)) {
            return Optional.empty();
        }
        return store.get(key(username)).map(UserRepository::user);
    }

    Versioned<UserRecord> create(UserRecord user) {
        return user(store.create(key(user.username()), attributes(user)));
    }

    Versioned<UserRecord> update(UserRecord user, long expectedVersion) {
        return user(store.update(key(user.username()), expectedVersion, attributes(user)));
    }

    void delete(String username, long expectedVersion) {
        store.delete(key(username), expectedVersion);
    }

    private static ItemKey key(String username) {
        return ItemKey.of(PARTITION, username);
    }

    private static Map<String, Object> attributes(UserRecord user) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("roles", user.roles());
        attributes.put("passwordHash", user.passwordHash());
        attributes.put("enabled", user.enabled());
        attributes.put("passwordChangeRequired", user.passwordChangeRequired());
        attributes.put("createdAt", user.createdAt().toString());
        return attributes;
    }

    private static Versioned<UserRecord> user(Item item) {
        return new Versioned<>(new UserRecord(item.key().sk(),
                item.list("roles").stream().map(String::valueOf).toList(),
                item.string("passwordHash").orElse(""),
                item.flag("enabled"),
                item.flag("passwordChangeRequired"),
                item.string("createdAt").map(Instant::parse).orElse(Instant.EPOCH)), item.version());
    }
}
