package io.clickstream.etl.enrich;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import io.clickstream.model.SdkEvent;
import java.util.Set;

/**
 * Configured attribute names are hashed (SHA-256, hex) or dropped, in custom parameters and user attributes alike,
 * so that joins on a hashed value still work while the value itself never reaches the tables.
 */
public final class PiiMasking implements EventEnricher {

    private final Set<String> hashed;
    private final Set<String> dropped;
    private final MessageDigest sha256;

    public PiiMasking(Set<String> hashed, Set<String> dropped) {
        this.hashed = hashed;
        this.dropped = dropped;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public boolean enrich(EventRecord event) {
        for (String name : dropped) {
            event.customParameters.remove(name);
        }
        for (String name : hashed) {
            String value = event.customParameters.get(name);
            if (value != null) {
                event.customParameters.put(name, hash(value));
            }
        }
        if (dropped.contains(SdkEvent.USER_ID)) {
            event.userId = null;
        } else if (hashed.contains(SdkEvent.USER_ID) && event.userId != null) {
            event.userId = hash(event.userId);
        }
        if (!event.user.isEmpty() && containsAny(event.user)) {
            Map<String, SdkEvent.UserAttribute> user = new LinkedHashMap<>(event.user);
            dropped.forEach(user::remove);
            for (String name : hashed) {
                SdkEvent.UserAttribute a = user.get(name);
                if (a != null && a.value() != null) {
                    user.put(name, new SdkEvent.UserAttribute(hash(a.value().toString()), a.setTimestamp()));
                }
            }
            event.user = user;
        }
        return true;
    }

    private boolean containsAny(Map<String, ?> map) {
        for (String k : dropped) {
            if (map.containsKey(k)) {
                return true;
            }
        }
        for (String k : hashed) {
            if (map.containsKey(k)) {
                return true;
            }
        }
        return false;
    }

    String hash(String value) {
        return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
