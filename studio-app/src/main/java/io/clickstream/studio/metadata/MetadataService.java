package io.clickstream.studio.metadata;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.model.LakeLayout;
import io.clickstream.studio.security.Roles;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The metadata manager for people: lists, edits and scans, for the views and the JSON API alike. Every call checks
 * that the signed-in user is an Administrator or an Analyst, whatever the caller checked before.
 */
public class MetadataService {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final MetadataStore store;
    private final MetadataCatalog catalog;
    private final MetadataScanScheduler scans;
    private final MetadataScanner scanner;
    private final AppRepository apps;
    private final Clock clock;

    public MetadataService(MetadataStore store, MetadataCatalog catalog, MetadataScanScheduler scans,
                           MetadataScanner scanner, AppRepository apps, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.scans = scans;
        this.scanner = scanner;
        this.apps = apps;
        this.clock = clock;
    }

    /** Apps to pick from: those registered and those with modeled data, sorted. */
    public List<String> apps() {
        requireAnalyst();
        TreeSet<String> ids = new TreeSet<>(scanner.appsInLake());
        apps.list().forEach(app -> ids.add(app.value().appId()));
        return List.copyOf(ids);
    }

    /** The app to show first: the first with modeled data, else the first registered one; null without apps. */
    public String defaultApp() {
        requireAnalyst();
        List<String> withData = scanner.appsInLake();
        if (!withData.isEmpty()) {
            return withData.get(0);
        }
        List<String> all = apps();
        return all.isEmpty() ? null : all.get(0);
    }

    public <T extends MetadataEntry> MetadataPage<T> page(String appId, MetadataKind<T> kind, MetadataQuery query,
                                                         int offset, int limit) {
        requireAnalyst();
        checkApp(appId);
        return catalog.page(appId, kind, query, offset, limit);
    }

    /** Categories to offer when editing: those in use in the app and those of the SDK presets, sorted. */
    public List<String> categories(String appId) {
        requireAnalyst();
        checkApp(appId);
        TreeSet<String> categories = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (MetadataKind<?> kind : List.of(MetadataKind.EVENTS, MetadataKind.PARAMETERS, MetadataKind.USER_ATTRIBUTES)) {
            catalog.all(appId, kind).forEach(entry -> categories.add(entry.category()));
        }
        Presets.events().values().forEach(preset -> categories.add(preset.category()));
        Presets.parameters().values().forEach(preset -> categories.add(preset.category()));
        categories.remove("");
        return List.copyOf(categories);
    }

    /** One entry; {@code eventName} only for parameters. */
    public <T extends MetadataEntry> T get(String appId, MetadataKind<T> kind, String eventName, String name) {
        requireAnalyst();
        checkApp(appId);
        return kind.decode(item(appId, kind, eventName, name));
    }

    /**
     * Changes display name, description or category, if the entry is still at {@code expectedVersion}; a scan
     * writing the same item meanwhile does not count as a change.
     *
     * @throws MetadataConflictException   someone else edited it since
     * @throws MetadataValidationException a field cannot be stored
     * @throws MetadataNotFoundException   no such entry
     */
    public <T extends MetadataEntry> T edit(String appId, MetadataKind<T> kind, String eventName, String name,
                                            long expectedVersion, MetadataEdit edit) {
        String user = requireAnalyst();
        checkApp(appId);
        List<MetadataEdit.FieldError> problems = edit.problems();
        if (!problems.isEmpty()) {
            throw new MetadataValidationException(problems);
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            Item item = item(appId, kind, eventName, name);
            long current = MetadataItems.editVersion(item);
            if (current != expectedVersion) {
                T entry = kind.decode(item);
                throw new MetadataConflictException("'" + entry.displayName() + "' was changed"
                        + item.string(MetadataItems.EDITED_BY).map(by -> " by " + by).orElse("")
                        + item.number(MetadataItems.EDITED_AT).map(at -> " at " + TIME.format(Instant.ofEpochMilli(at)))
                                .orElse("")
                        + " since you opened it (your version " + expectedVersion + ", now " + current
                        + "). Reload to see that change, then apply yours again.", current);
            }
            Map<String, Object> attributes = new LinkedHashMap<>(item.attributes());
            apply(attributes, MetadataItems.DISPLAY_NAME, edit.displayName());
            apply(attributes, MetadataItems.DESCRIPTION, edit.description());
            apply(attributes, MetadataItems.CATEGORY, edit.category());
            attributes.put(MetadataItems.EDIT_VERSION, current + 1);
            attributes.put(MetadataItems.EDITED_BY, user);
            attributes.put(MetadataItems.EDITED_AT, clock.millis());
            try {
                Item updated = store.update(item.key(), item.version(), attributes);
                catalog.invalidate(appId);
                return kind.decode(updated);
            } catch (ItemConflictException e) {
                // A scan (or another edit, caught on the next read) wrote the item since it was read.
            }
        }
        throw new IllegalStateException("the metadata item of '" + name + "' keeps changing; try again");
    }

    /** Scans the app now and returns what the scan did. */
    public ScanReport scanNow(String appId) {
        requireAnalyst();
        checkApp(appId);
        return scans.scanNow(appId);
    }

    /** Starts a scan of the app on the scan thread; for views, which must not wait for it. */
    public CompletableFuture<ScanReport> scanInBackground(String appId) {
        requireAnalyst();
        checkApp(appId);
        return scans.scanSoon(appId);
    }

    /** Stops the scan that is running, if any. */
    public void cancelScan() {
        requireAnalyst();
        scans.cancel();
    }

    /** The app's last scan that found something, if any. */
    public Optional<LastScan> lastScan(String appId) {
        requireAnalyst();
        checkApp(appId);
        return scanner.lastScan(appId);
    }

    /** Whether a scan of this app is running now. */
    public boolean scanning(String appId) {
        return appId.equals(scans.running());
    }

    private Item item(String appId, MetadataKind<?> kind, String eventName, String name) {
        String sk;
        if (kind == MetadataKind.EVENTS) {
            sk = MetadataItems.eventKey(name);
        } else if (kind == MetadataKind.PARAMETERS) {
            sk = MetadataItems.parameterKey(eventName, name);
        } else {
            sk = MetadataItems.userAttributeKey(name);
        }
        String what = kind == MetadataKind.PARAMETERS ? "parameter '" + name + "' of event '" + eventName + "'"
                : kind == MetadataKind.EVENTS ? "event '" + name + "'" : "user attribute '" + name + "'";
        if (!MetadataItems.storable(name) || (kind == MetadataKind.PARAMETERS && !MetadataItems.storable(eventName))) {
            throw new MetadataNotFoundException("app '" + appId + "' has no " + what);
        }
        return store.get(ItemKey.of(MetadataItems.partition(appId), sk))
                .orElseThrow(() -> new MetadataNotFoundException("app '" + appId + "' has no " + what
                        + " (the scan has not seen it)"));
    }

    private static void apply(Map<String, Object> attributes, String attribute, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            attributes.remove(attribute);
        } else {
            attributes.put(attribute, value.strip());
        }
    }

    private static void checkApp(String appId) {
        if (!LakeLayout.isSafeSegment(appId)) {
            throw new MetadataNotFoundException("no app '" + appId + "'");
        }
    }

    /** The signed-in user's name, if they may use the metadata manager. */
    static String requireAnalyst() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new AccessDeniedException("sign in to use the metadata manager");
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String role = authority.getAuthority();
            if (role.equals("ROLE_" + Roles.ADMINISTRATOR) || role.equals("ROLE_" + Roles.ANALYST)) {
                return authentication.getName();
            }
        }
        throw new AccessDeniedException("the metadata manager is for Administrators and Analysts");
    }
}
