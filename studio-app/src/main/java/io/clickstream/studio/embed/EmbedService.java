package io.clickstream.studio.embed;

import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardRepository;
import io.clickstream.studio.dashboard.ExplorationRunner;
import io.clickstream.studio.dashboard.Tile;
import io.clickstream.studio.dashboard.TileAnswer;
import io.clickstream.studio.dashboard.TileContent;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationRepository;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Embed links, for the API and the views alike: administrators create, list and revoke them (audited); anyone holding
 * a token may {@link #open} it, and sees exactly the link's dashboard (or its one tile) with the link's filters, and
 * nothing when the token is forged, altered, expired, revoked, or names another dashboard than its link. Every refusal
 * looks the same to the caller, so a token cannot be probed for which check failed.
 */
@Service
public class EmbedService {

    static final int DEFAULT_HOURS = 24;
    static final int MAX_HOURS = 24 * 365;
    static final int MAX_ORIGINS = 10;
    static final int MAX_FILTERS = 10;
    static final String DEFAULT_RANGE = "30d";

    private static final Logger log = LoggerFactory.getLogger(EmbedService.class);

    private final EmbedLinkRepository links;
    private final EmbedTokens tokens;
    private final DashboardRepository dashboards;
    private final SavedExplorationRepository explorations;
    private final AppRepository apps;
    private final ExplorationRunner runner;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    EmbedService(EmbedLinkRepository links, EmbedTokens tokens, DashboardRepository dashboards,
                 SavedExplorationRepository explorations, AppRepository apps, ExplorationRunner runner, Clock clock,
                 ApplicationEventPublisher events) {
        this.links = links;
        this.tokens = tokens;
        this.dashboards = dashboards;
        this.explorations = explorations;
        this.apps = apps;
        this.runner = runner;
        this.clock = clock;
        this.events = events;
    }

    /** A new link and the token of its URL ({@code /embed/<token>}). */
    public record CreatedLink(Versioned<EmbedLink> link, String token) {
    }

    /**
     * What an opened token shows: the link, its dashboard, the app's time zone, and the dates of the link's range as
     * of now.
     */
    public record EmbedGrant(EmbedLink link, Dashboard dashboard, LocalDate from, LocalDate to, LocalDate today,
                             boolean partialToday) {
    }

    /** Whether the signed-in user manages embed links (the view shows its controls only then). */
    public boolean canManage() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(Roles.authority(Roles.ADMINISTRATOR)));
    }

    @RolesAllowed(Roles.ADMINISTRATOR)
    public CreatedLink create(String dashboardId, EmbedLinkInput input) {
        Dashboard dashboard = dashboards.find(dashboardId).map(Versioned::value)
                .orElseThrow(() -> new NotFoundException("No dashboard '" + dashboardId + "'"));
        EmbedLink checked = check(dashboard, input);
        Versioned<EmbedLink> created = links.create(checked);
        events.publishEvent(new AuditedChange("embed.create", "embed", created.value().id(), Map.of(),
                summary(created.value())));
        return new CreatedLink(created, tokenOf(created.value()));
    }

    /** The dashboard's links, newest first, revoked and expired ones included. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public List<Versioned<EmbedLink>> list(String dashboardId) {
        return links.ofDashboard(dashboardId);
    }

    /** The token of a stored link (the same one its creation gave: signing is deterministic). */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public String token(EmbedLink link) {
        return tokenOf(link);
    }

    /** Revokes it at once: its token opens nothing from now on, even in a page already open. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<EmbedLink> revoke(String id) {
        Versioned<EmbedLink> current = links.find(id)
                .orElseThrow(() -> new NotFoundException("No embed link '" + id + "'"));
        if (current.value().revokedAt() != null) {
            return current;
        }
        Versioned<EmbedLink> revoked = links.update(current.value().revoked(clock.instant()), current.version());
        events.publishEvent(new AuditedChange("embed.revoke", "embed", id, summary(current.value()),
                summary(revoked.value())));
        return revoked;
    }

    /**
     * What the token shows, or empty when it shows nothing: not signed by this studio, altered, past its expiry,
     * revoked, its link gone, or naming another dashboard or tile than its link. Needs no signed-in user.
     */
    public Optional<EmbedGrant> open(String token) {
        Optional<EmbedTokens.Claims> claims = tokens.verify(token);
        if (claims.isEmpty()) {
            log.debug("embed token refused: bad signature or shape");
            return Optional.empty();
        }
        EmbedTokens.Claims c = claims.get();
        Instant now = clock.instant();
        Optional<EmbedLink> link = links.find(c.linkId()).map(Versioned::value)
                .filter(l -> l.isActive(now) && l.expiresAt().getEpochSecond() == c.expiresAt().getEpochSecond())
                .filter(l -> l.dashboardId().equals(c.dashboardId()) && java.util.Objects.equals(l.tileId(), c.tileId()));
        if (link.isEmpty()) {
            log.debug("embed link {} refused: unknown, revoked, expired or another dashboard", c.linkId());
            return Optional.empty();
        }
        Optional<Dashboard> dashboard = dashboards.find(c.dashboardId()).map(Versioned::value);
        if (dashboard.isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone = apps.find(dashboard.get().appId()).map(app -> zone(app.value().timeZone()))
                .orElse(ZoneOffset.UTC);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        DateRangeChoice range = DateRangeChoice.parse(link.get().range()).orElse(DateRangeChoice.LAST_30_DAYS);
        return Optional.of(new EmbedGrant(link.get(), dashboard.get(), range.start(today), range.end(today), today,
                range.endsToday(today)));
    }

    /** The tiles the grant shows, in order: the dashboard's, or only the link's one. */
    public List<TileContent> tiles(EmbedGrant grant) {
        if (grant.link().quickSightVisual() != null) {
            return List.of();
        }
        Dashboard d = grant.dashboard();
        return d.tiles().stream()
                .filter(t -> grant.link().tileId() == null || t.id().equals(grant.link().tileId()))
                .map(t -> new TileContent(t, exploration(d, t).orElse(null)))
                .toList();
    }

    /**
     * Runs one tile of the grant over the link's dates with the dashboard's and the link's filters, after checking
     * again that the link is still active (a revocation stops an open page at its next load). No role is needed: the
     * link, not the viewer, decides what is asked.
     */
    public TileAnswer runTile(EmbedGrant grant, String tileId) {
        EmbedLink link = links.find(grant.link().id()).map(Versioned::value)
                .filter(l -> l.isActive(clock.instant()))
                .orElseThrow(() -> new NotFoundException("This embed link has been revoked or has expired."));
        Dashboard d = grant.dashboard();
        Tile tile = d.tiles().stream()
                .filter(t -> t.id().equals(tileId) && (link.tileId() == null || link.tileId().equals(tileId)))
                .findFirst().orElseThrow(() -> new NotFoundException("This embed link has no such tile."));
        SavedExploration exploration = exploration(d, tile)
                .orElseThrow(() -> new NotFoundException("The saved exploration of this tile was deleted."));
        List<Condition> filters = new ArrayList<>(d.filters());
        filters.addAll(link.filters());
        return runner.run(exploration, grant.from(), grant.to(), filters);
    }

    private Optional<SavedExploration> exploration(Dashboard d, Tile tile) {
        return explorations.find(tile.explorationId()).map(Versioned::value)
                .filter(e -> e.appId().equals(d.appId()));
    }

    private String tokenOf(EmbedLink link) {
        return tokens.sign(new EmbedTokens.Claims(link.id(), link.dashboardId(), link.tileId(), link.expiresAt()));
    }

    private EmbedLink check(Dashboard dashboard, EmbedLinkInput input) {
        List<FieldMessage> errors = new ArrayList<>();
        int hours = input.expiresInHours() == null ? DEFAULT_HOURS : input.expiresInHours();
        if (hours < 1 || hours > MAX_HOURS) {
            errors.add(new FieldMessage("expiresInHours", "Use 1 to " + MAX_HOURS + " hours (a year)"));
        }
        List<String> given = input.allowedOrigins() == null ? List.of() : input.allowedOrigins();
        Set<String> origins = new LinkedHashSet<>();
        if (given.isEmpty()) {
            errors.add(new FieldMessage("allowedOrigins", "Name the origin of the portal that will show it, e.g. "
                    + "https://portal.example.com"));
        } else if (given.size() > MAX_ORIGINS) {
            errors.add(new FieldMessage("allowedOrigins", "At most " + MAX_ORIGINS + " origins"));
        }
        for (int i = 0; i < given.size(); i++) {
            Optional<String> origin = origin(given.get(i));
            if (origin.isEmpty()) {
                errors.add(new FieldMessage("allowedOrigins[" + i + "]", "'" + given.get(i) + "' is not an origin: "
                        + "use scheme, host and optional port only, e.g. https://portal.example.com"));
            } else {
                origins.add(origin.get());
            }
        }
        List<Condition> filters = input.filters() == null ? List.of() : input.filters();
        if (filters.size() > MAX_FILTERS) {
            errors.add(new FieldMessage("filters", "At most " + MAX_FILTERS + " filters"));
        }
        for (int i = 0; i < filters.size(); i++) {
            Condition f = filters.get(i);
            if (f == null || f.property() == null || f.property().isBlank()) {
                errors.add(new FieldMessage("filters[" + i + "].property", "Name the property to filter on"));
            } else if (f.operator() == null) {
                errors.add(new FieldMessage("filters[" + i + "].operator",
                        "Name the comparison: =, <>, in, contains, ..."));
            }
        }
        String range = input.range() == null || input.range().isBlank() ? DEFAULT_RANGE : input.range().strip();
        try {
            DateRangeChoice.read(range);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldMessage("range", "'" + range + "' is not a date range: " + e.getMessage()));
        }
        String tileId = input.tileId() == null || input.tileId().isBlank() ? null : input.tileId();
        if (tileId != null && dashboard.tiles().stream().noneMatch(t -> t.id().equals(tileId))) {
            errors.add(new FieldMessage("tileId", "Dashboard '" + dashboard.name() + "' has no tile '" + tileId + "'"));
        }
        EmbedLink.QuickSightVisual visual = input.quickSightVisual();
        if (visual != null) {
            if (tileId != null) {
                errors.add(new FieldMessage("quickSightVisual", "Give either a tile or a QuickSight visual, not both"));
            }
            checkQuickSightId("quickSightVisual.dashboardId", visual.dashboardId(), errors);
            checkQuickSightId("quickSightVisual.sheetId", visual.sheetId(), errors);
            checkQuickSightId("quickSightVisual.visualId", visual.visualId(), errors);
            if (visual.userArn() != null && !visual.userArn().isBlank()
                    && !visual.userArn().matches("arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\\d{12}:user/[\\w+=,.@/-]+")) {
                errors.add(new FieldMessage("quickSightVisual.userArn", "Give a QuickSight user ARN, e.g. "
                        + "arn:aws:quicksight:us-east-1:123456789012:user/default/portal-reader, or leave it out "
                        + "for anonymous viewers"));
            }
            if (visual.userArn() != null && visual.userArn().isBlank()) {
                visual = new EmbedLink.QuickSightVisual(visual.dashboardId(), visual.sheetId(), visual.visualId(),
                        null);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Instant now = clock.instant();
        return new EmbedLink(null, dashboard.id(), tileId, visual, filters, range, List.copyOf(origins),
                currentUser(), now, now.plus(Duration.ofHours(hours)), null);
    }

    private static void checkQuickSightId(String field, String value, List<FieldMessage> errors) {
        if (value == null || !value.matches("[\\w-]{1,512}")) {
            errors.add(new FieldMessage(field, "Give the id as QuickSight shows it (letters, digits, '-', '_')"));
        }
    }

    /**
     * The origin {@code text} names, normalised ({@code https://portal.example}), or empty when it is not exactly an
     * origin: it ends up in a {@code Content-Security-Policy} header, so nothing but scheme, host and port passes.
     */
    static Optional<String> origin(String text) {
        if (text == null || text.isBlank() || text.length() > 255) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!(scheme.equals("https") || scheme.equals("http")) || host == null || !bare
                    || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "" : authentication.getName();
    }

    private static Map<String, Object> summary(EmbedLink link) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dashboardId", link.dashboardId());
        summary.put("scope", link.scope());
        summary.put("allowedOrigins", String.join(" ", link.allowedOrigins()));
        summary.put("expiresAt", link.expiresAt().toString());
        if (link.revokedAt() != null) {
            summary.put("revokedAt", link.revokedAt().toString());
        }
        return summary;
    }
}
