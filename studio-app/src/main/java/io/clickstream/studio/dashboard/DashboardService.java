package io.clickstream.studio.dashboard;

import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.ItemIds;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationRepository;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Custom dashboards for the views and the API alike: every role views them and their tiles; analysts and
 * administrators create, change and delete them. A change replaces the whole dashboard, names the version it read
 * (a concurrent edit is refused, never overwritten), is checked field by field and is written to the audit log.
 * Tiles must show saved explorations of the dashboard's app.
 */
@Service
public class DashboardService {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_TILES = 30;
    static final int MAX_FILTERS = 10;

    private final DashboardRepository dashboards;
    private final SavedExplorationRepository explorations;
    private final AppRepository apps;
    private final ExplorationRunner runner;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DashboardService(DashboardRepository dashboards, SavedExplorationRepository explorations, AppRepository apps,
                     ExplorationRunner runner, Clock clock, ApplicationEventPublisher events) {
        this.dashboards = dashboards;
        this.explorations = explorations;
        this.apps = apps;
        this.runner = runner;
        this.clock = clock;
        this.events = events;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<Versioned<Dashboard>> list(String appId) {
        requireApp(appId);
        return dashboards.listOf(appId);
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public Versioned<Dashboard> get(String id) {
        return dashboards.find(id).orElseThrow(() -> new NotFoundException("No dashboard '" + id + "'"));
    }

    /** The dashboard's tiles with the explorations they show, in order. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<TileContent> tiles(Dashboard dashboard) {
        return dashboard.tiles().stream()
                .map(tile -> new TileContent(tile, explorations.find(tile.explorationId())
                        .map(Versioned::value).filter(e -> e.appId().equals(dashboard.appId())).orElse(null)))
                .toList();
    }

    /**
     * Runs one tile over {@code from}-{@code to} (the viewer's range) with the dashboard's filters: the query as it
     * ran and the result record of the tile's analysis.
     */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public TileAnswer runTile(String dashboardId, String tileId, LocalDate from, LocalDate to) {
        Dashboard dashboard = get(dashboardId).value();
        Tile tile = dashboard.tiles().stream().filter(t -> t.id().equals(tileId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Dashboard '" + dashboardId + "' has no tile '" + tileId + "'"));
        SavedExploration exploration = explorations.find(tile.explorationId()).map(Versioned::value)
                .filter(e -> e.appId().equals(dashboard.appId()))
                .orElseThrow(() -> new NotFoundException("The saved exploration of this tile was deleted"));
        return runner.run(exploration, from, to, dashboard.filters());
    }

    /** Whether the signed-in user may change dashboards (the view hides its edit controls otherwise). */
    public boolean canEdit() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream().anyMatch(a ->
                a.getAuthority().equals(Roles.authority(Roles.ADMINISTRATOR))
                        || a.getAuthority().equals(Roles.authority(Roles.ANALYST)));
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public Versioned<Dashboard> create(String appId, DashboardInput input) {
        requireApp(appId);
        Dashboard checked = check(null, appId, input, currentUser(), List.of());
        Versioned<Dashboard> created = dashboards.create(checked);
        events.publishEvent(new AuditedChange("dashboard.create", "dashboard", created.value().id(), Map.of(),
                summary(created.value())));
        return created;
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public Versioned<Dashboard> update(String id, DashboardInput input, long version) {
        Dashboard old = get(id).value();
        Dashboard checked = check(id, old.appId(), input, old.owner(), old.tiles());
        Versioned<Dashboard> updated = dashboards.update(checked, version);
        events.publishEvent(new AuditedChange("dashboard.update", "dashboard", id, summary(old),
                summary(updated.value())));
        return updated;
    }

    /** Adds a tile of the saved exploration at the end, at the default size, to the version read. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public Versioned<Dashboard> addTile(String id, String explorationId, long version) {
        DashboardInput current = DashboardInput.of(get(id).value());
        List<DashboardInput.TileInput> tiles = new ArrayList<>(current.tiles());
        tiles.add(new DashboardInput.TileInput(null, explorationId, Tile.DEFAULT_WIDTH, Tile.DEFAULT_HEIGHT));
        return update(id, new DashboardInput(current.name(), current.description(), current.filters(), tiles, null),
                version);
    }

    /** Deletes it; {@code version} null deletes whatever version is stored. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
    public void delete(String id, Long version) {
        Versioned<Dashboard> current = get(id);
        dashboards.delete(id, version == null ? current.version() : version);
        events.publishEvent(new AuditedChange("dashboard.delete", "dashboard", id, summary(current.value()),
                Map.of()));
    }

    private Dashboard check(String id, String appId, DashboardInput input, String owner, List<Tile> before) {
        List<FieldMessage> errors = new ArrayList<>();
        String name = input.name() == null ? "" : input.name().strip();
        if (name.isEmpty()) {
            errors.add(new FieldMessage("name", "Give the dashboard a name"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldMessage("name", "Use at most " + MAX_NAME + " characters"));
        }
        String description = input.description() == null ? "" : input.description().strip();
        if (description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldMessage("description", "Use at most " + MAX_DESCRIPTION + " characters"));
        }
        List<Condition> filters = input.filters() == null ? List.of() : input.filters();
        if (filters.size() > MAX_FILTERS) {
            errors.add(new FieldMessage("filters", "At most " + MAX_FILTERS + " filters"));
        }
        for (int i = 0; i < filters.size(); i++) {
            checkFilter("filters[" + i + "]", filters.get(i), errors);
        }
        List<DashboardInput.TileInput> tileInputs = input.tiles() == null ? List.of() : input.tiles();
        if (tileInputs.size() > MAX_TILES) {
            errors.add(new FieldMessage("tiles", "At most " + MAX_TILES + " tiles"));
        }
        Set<String> known = before.stream().map(Tile::id).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        List<Tile> tiles = new ArrayList<>();
        for (int i = 0; i < tileInputs.size(); i++) {
            DashboardInput.TileInput t = tileInputs.get(i);
            String field = "tiles[" + i + "]";
            if (t == null) {
                errors.add(new FieldMessage(field, "A tile cannot be null"));
                continue;
            }
            String tileId = t.id() == null || t.id().isBlank() ? ItemIds.next() : t.id();
            if (t.id() != null && !t.id().isBlank() && !known.contains(t.id()) && !ItemIds.isWellFormed(t.id())) {
                errors.add(new FieldMessage(field + ".id", "Leave out the id of a new tile"));
            }
            if (!seen.add(tileId)) {
                errors.add(new FieldMessage(field + ".id", "Two tiles have the id '" + tileId + "'"));
            }
            if (t.explorationId() == null || t.explorationId().isBlank()) {
                errors.add(new FieldMessage(field + ".explorationId", "Name the saved exploration the tile shows"));
            } else if (explorations.find(t.explorationId()).filter(e -> e.value().appId().equals(appId)).isEmpty()) {
                errors.add(new FieldMessage(field + ".explorationId", "No saved exploration '" + t.explorationId()
                        + "' of app '" + appId + "'"));
            }
            int width = t.width() == null ? Tile.DEFAULT_WIDTH : t.width();
            int height = t.height() == null ? Tile.DEFAULT_HEIGHT : t.height();
            if (width < 1 || width > Tile.MAX_WIDTH) {
                errors.add(new FieldMessage(field + ".width", "Use 1 to " + Tile.MAX_WIDTH + " columns"));
            }
            if (height < 1 || height > Tile.MAX_HEIGHT) {
                errors.add(new FieldMessage(field + ".height", "Use 1 to " + Tile.MAX_HEIGHT + " rows"));
            }
            tiles.add(new Tile(tileId, t.explorationId(), width, height));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Dashboard(id, appId, name, description, filters, tiles, owner, clock.instant());
    }

    private static void checkFilter(String field, Condition filter, List<FieldMessage> errors) {
        if (filter == null) {
            errors.add(new FieldMessage(field, "A filter cannot be null"));
            return;
        }
        if (filter.property() == null || filter.property().isBlank()) {
            errors.add(new FieldMessage(field + ".property", "Name the property to filter on"));
        }
        if (filter.operator() == null) {
            errors.add(new FieldMessage(field + ".operator", "Name the comparison: =, <>, in, contains, ..."));
            return;
        }
        int arity = filter.operator().arity();
        int given = filter.allValues().size();
        if (arity >= 0 && given != arity || arity < 0 && given == 0) {
            errors.add(new FieldMessage(field + ".values", switch (arity) {
                case 0 -> "'" + filter.operator().symbol() + "' takes no value";
                case 1 -> "'" + filter.operator().symbol() + "' takes one value";
                case 2 -> "'" + filter.operator().symbol() + "' takes two values";
                default -> "'" + filter.operator().symbol() + "' takes one or more values";
            }));
        }
    }

    private void requireApp(String appId) {
        if (apps.find(appId).isEmpty()) {
            throw new NotFoundException("No app '" + appId + "'");
        }
    }

    private static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "" : authentication.getName();
    }

    private static Map<String, Object> summary(Dashboard d) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("appId", d.appId());
        summary.put("name", d.name());
        summary.put("description", d.description());
        summary.put("tiles", d.tiles().stream().map(t -> t.explorationId() + " " + t.width() + "x" + t.height())
                .collect(Collectors.joining(", ")));
        summary.put("filters", d.filters().stream().map(f -> f.property() + " " + f.operator().symbol() + " "
                + f.allValues()).collect(Collectors.joining(", ")));
        return summary;
    }
}
