package io.clickstream.studio.audit;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.ItemPage;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * The audit log in the metadata store (partition {@value #PARTITION}): every {@link AuditedChange} a service
 * publishes, with the signed-in user (or token) that caused it and the time. Sort keys count down from the far
 * future, so the store's ascending order is newest first and paging needs no index.
 */
@Service
public class AuditLog {

    static final String PARTITION = "AUDIT";
    static final int MAX_PAGE = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MetadataStore store;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong lastOrder = new java.util.concurrent.atomic.AtomicLong();

    AuditLog(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Written in the thread that made the change, so the actor is whoever is signed in there. */
    @EventListener
    public void record(AuditedChange change) {
        Instant at = clock.instant();
        // Two changes in the same millisecond still sort in the order they were made (in this studio).
        long order = lastOrder.updateAndGet(last -> Math.max(last + 1, at.toEpochMilli()));
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String id = String.format("%019d", Long.MAX_VALUE - order) + "-" + HexFormat.of().formatHex(suffix);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("at", at.toString());
        attributes.put("actor", actor());
        attributes.put("action", change.action());
        attributes.put("targetType", change.targetType());
        attributes.put("targetId", change.targetId());
        attributes.put("before", change.before());
        attributes.put("after", change.after());
        store.create(ItemKey.of(PARTITION, id), attributes);
    }

    /** Up to {@code limit} entries (at most {@value #MAX_PAGE}) older than the cursor {@code after}, newest first. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public AuditPage page(String after, int limit) {
        ItemPage page = store.query(PARTITION, "", after == null || after.isBlank() ? null : after,
                Math.max(1, Math.min(limit, MAX_PAGE)));
        return new AuditPage(page.items().stream().map(AuditLog::entry).toList(), page.nextAfter());
    }

    private static String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }

    @SuppressWarnings("unchecked")
    private static AuditEntry entry(Item item) {
        Map<String, Object> attributes = item.attributes();
        return new AuditEntry(item.key().sk(), Instant.parse(item.string("at").orElseThrow()),
                item.string("actor").orElse("system"), item.string("action").orElse(""),
                item.string("targetType").orElse(""), item.string("targetId").orElse(""),
                (Map<String, Object>) attributes.getOrDefault("before", Map.of()),
                (Map<String, Object>) attributes.getOrDefault("after", Map.of()));
    }
}
