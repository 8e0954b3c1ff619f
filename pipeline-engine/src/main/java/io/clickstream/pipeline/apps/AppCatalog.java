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

/**
 * The registered apps, kept in memory for lookups on every request and persisted as a small JSON file
 * ({@code <data-dir>/apps.json}) written atomically on each change.
 */
public final class AppCatalog {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path file;
    private final Map<String, AppDefinition> apps = new ConcurrentHashMap<>();

    private AppCatalog(Path file) {
        this.file = file;
    }

    /** Opens the catalog stored in {@code file}, empty if the file does not exist yet. */
    public static AppCatalog open(Path file) {
        AppCatalog catalog = new AppCatalog(file);
        if (Files.exists(file)) {
            catalog.load();
        }
        return catalog;
    }

    public Optional<AppDefinition> find(String appId) {
        return appId == null ? Optional.empty() : Optional.ofNullable(apps.get(appId));
    }

    public List<AppDefinition> list() {
        List<AppDefinition> all = new ArrayList<>(apps.values());
        all.sort((a, b) -> a.appId().compareTo(b.appId()));
        return all;
    }

    /** Adds or replaces an app and persists the catalog. */
    public synchronized void save(AppDefinition app) {
        apps.put(app.appId(), app);
        store();
    }

    public synchronized void remove(String appId) {
        if (apps.remove(appId) != null) {
            store();
        }
    }

    private void load() {
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
                for (AppDefinition app : list()) {
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
