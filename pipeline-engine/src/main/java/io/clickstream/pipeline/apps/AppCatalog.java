package io.clickstream.pipeline.apps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered apps, kept in memory for lookups on every request and persisted as a small JSON file
 * ({@code <data-dir>/apps.json}) written atomically on each change. The file may also be edited by hand while the
 * pipeline runs: lookups notice a changed file within a second and load it; a file that does not parse is reported
 * in the log and the apps loaded before stay in force.
 */
public final class AppCatalog {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private static final Logger log = LoggerFactory.getLogger(AppCatalog.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile Map<String, AppDefinition> apps = new ConcurrentHashMap<>();
    /** Modification time and size of the file as last loaded or written; null when there was no file. */
    private volatile FileStamp loaded;
    private volatile long nextCheck = System.nanoTime() + CHECK_EVERY_NANOS;

    private record FileStamp(long modifiedMillis, long size) {
        static FileStamp of(Path file) {
            try {
                return new FileStamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
            } catch (IOException e) {
                return null;
            }
        }
    }

    private AppCatalog(Path file) {
        this.file = file;
    }

    /** Opens the catalog stored in {@code file}, empty if the file does not exist yet. */
    public static AppCatalog open(Path file) {
        AppCatalog catalog = new AppCatalog(file);
        if (Files.exists(file)) {
            FileStamp stamp = FileStamp.of(file);
            catalog.apps = catalog.load();
            catalog.loaded = stamp;
        }
        return catalog;
    }

    public Optional<AppDefinition> find(String appId) {
        refreshIfChanged();
        return appId == null ? Optional.empty() : Optional.ofNullable(apps.get(appId));
    }

    public List<AppDefinition> list() {
        refreshIfChanged();
        List<AppDefinition> all = new ArrayList<>(apps.values());
        all.sort((a, b) -> a.appId().compareTo(b.appId()));
        return all;
    }

    /** Adds or replaces an app and persists the catalog. */
    public synchronized void save(AppDefinition app) {
        reloadIfChanged();
        apps.put(app.appId(), app);
        store();
    }

    public synchronized void remove(String appId) {
        reloadIfChanged();
        if (apps.remove(appId) != null) {
            store();
        }
    }

    /** At most once a second: load the file again if it changed since it was last loaded or written. */
    private void refreshIfChanged() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return;
        }
        nextCheck = now + CHECK_EVERY_NANOS;
        synchronized (this) {
            reloadIfChanged();
        }
    }

    private void reloadIfChanged() {
        FileStamp current = FileStamp.of(file);
        if (current == null || current.equals(loaded)) {
            return;
        }
        try {
            apps = load();
            log.info("App catalog {} changed: {} apps", file, apps.size());
        } catch (IllegalStateException e) {
            log.warn("{}; the apps loaded before stay in force until the file is fixed", e.getMessage());
        }
        loaded = current;
    }

    private Map<String, AppDefinition> load() {
        Map<String, AppDefinition> apps = new ConcurrentHashMap<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String id = null, name = null, zone = "UTC";
                boolean enabled = true;
                Set<String> origins = new LinkedHashSet<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (field) {
                        case "app_id" -> id = p.getText();
                        case "name" -> name = p.getText();
                        case "time_zone" -> zone = p.getText();
                        case "enabled" -> enabled = v == JsonToken.VALUE_TRUE;
                        case "allowed_origins" -> {
                            while (p.nextToken() == JsonToken.VALUE_STRING) {
                                origins.add(p.getText());
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
                AppDefinition app = new AppDefinition(id, name, ZoneId.of(zone), enabled, origins);
                apps.put(app.appId(), app);
            }
            return apps;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the app catalog " + file + ": " + e.getMessage(), e);
        }
    }

    private void store() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (JsonGenerator g = JSON.createGenerator(tmp.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartArray();
                // the apps in memory, not list(): a reload from the file here would drop the app being saved
                List<AppDefinition> all = new ArrayList<>(apps.values());
                all.sort((a, b) -> a.appId().compareTo(b.appId()));
                for (AppDefinition app : all) {
                    g.writeStartObject();
                    g.writeStringField("app_id", app.appId());
                    g.writeStringField("name", app.name());
                    g.writeStringField("time_zone", app.timeZone().getId());
                    g.writeBooleanField("enabled", app.enabled());
                    g.writeArrayFieldStart("allowed_origins");
                    for (String origin : sorted(app.allowedOrigins())) {
                        g.writeString(origin);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            loaded = FileStamp.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the app catalog " + file, e);
        }
    }

    private static List<String> sorted(Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(String::compareTo);
        return list;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
