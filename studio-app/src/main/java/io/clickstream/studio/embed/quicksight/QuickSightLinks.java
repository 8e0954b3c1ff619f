package io.clickstream.studio.embed.quicksight;

import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.dashboard.DashboardRepository;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Which QuickSight dashboard a custom dashboard shows too: item {@value #PARTITION}/{@code <dashboard id>} with
 * {@code quickSightDashboardId}. Every role sees the link; analysts and administrators set and remove it (audited).
 */
@Service
public class QuickSightLinks {

    static final String PARTITION = "QUICKSIGHT_LINK";

    private final MetadataStore store;
    private final DashboardRepository dashboards;
    private final ApplicationEventPublisher events;

    QuickSightLinks(MetadataStore store, DashboardRepository dashboards, ApplicationEventPublisher events) {
        this.store = store;
        this.dashboards = dashboards;
        this.events = events;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public Optional<String> find(String dashboardId) {
        if (dashboards.find(dashboardId).isEmpty()) {
            return Optional.empty();
        }
        return store.get(ItemKey.of(PARTITION, dashboardId)).flatMap(item -> item.string("quickSightDashboardId"));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public void link(String dashboardId, String quickSightDashboardId) {
        if (dashboards.find(dashboardId).isEmpty()) {
            throw new NotFoundException("No dashboard '" + dashboardId + "'");
        }
        if (quickSightDashboardId == null || !quickSightDashboardId.matches("[\\w-]{1,512}")) {
            throw InvalidInputException.of("quickSightDashboardId", "Give the QuickSight dashboard's id as QuickSight "
                    + "shows it (letters, digits, '-', '_')");
        }
        ItemKey key = ItemKey.of(PARTITION, dashboardId);
        Map<String, Object> attributes = Map.of("quickSightDashboardId", quickSightDashboardId);
        var current = store.get(key);
        if (current.isPresent()) {
            store.update(key, current.get().version(), attributes);
        } else {
            store.create(key, attributes);
        }
        events.publishEvent(new AuditedChange("dashboard.quicksight.link", "dashboard", dashboardId,
                current.map(item -> item.attributes()).orElse(Map.of()), attributes));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public void unlink(String dashboardId) {
        ItemKey key = ItemKey.of(PARTITION, dashboardId);
        store.get(key).ifPresent(item -> {
            store.delete(key, item.version());
            events.publishEvent(new AuditedChange("dashboard.quicksight.unlink", "dashboard", dashboardId,
                    item.attributes(), Map.of()));
        });
    }
}
