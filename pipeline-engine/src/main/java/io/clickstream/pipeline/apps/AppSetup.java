package io.clickstream.pipeline.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the apps the local runtime starts with into the metadata store, where ingestion and the ETL read them.
 *
 * <p>Earlier versions kept apps in {@code <data-dir>/apps.json}. On the first start after an upgrade that file is
 * imported (the demo app into project {@code demo}, the others into project {@code default}) and then renamed to
 * {@code apps.json.imported}, so it is never imported again. Every step is create-if-missing: an import cut short
 * by a crash is simply done again at the next start, and an app already in the store keeps the store's settings.
 * A file that cannot be read is left where it is, with the reason in the log, and nothing of it is imported.
 */
public final class AppSetup {

    public static final String DEMO_APP = "demo";
    public static final String DEMO_PROJECT = "demo";
    public static final String DEFAULT_PROJECT = "default";
    static final String RETIRED_SUFFIX = ".imported";

    private static final Logger log = LoggerFactory.getLogger(AppSetup.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppSetup() {
    }

    /**
     * Imports {@code file} (the {@code apps.json} of earlier versions) if it exists, and retires it.
     *
     * @return the apps created in the store (0 when there was no file, or it could not be read)
     */
    public static int importAppsJson(Path file, MetadataStore store) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        List<AppRecord> apps;
        try {
            apps = readAppsJson(file);
        } catch (IllegalArgumentException e) {
            log.error("Cannot import {} into the metadata store: {}. Nothing of it was imported and the file stays; "
                    + "fix it and restart, or add the apps in the studio's Apps page or the API.", file, e.getMessage());
            return 0;
        }
        AppRepository repository = new AppRepository(store);
        int created = 0;
        for (AppRecord app : apps) {
            if (app.projectId().equals(DEMO_PROJECT)) {
                ensureDemoProject(store);
            } else {
                ensureProject(store, new ProjectRecord(DEFAULT_PROJECT, "Default", "The apps of apps.json", true));
            }
            if (createIfMissing(repository, app)) {
                created++;
            } else {
                log.info("App '{}' of {} is already in the metadata store; the store's settings stay", app.appId(),
                        file.getFileName());
            }
        }
        Path retired = retire(file);
        log.info("Imported {} apps of {} into the metadata store ({}); the file is kept as {}", created, file,
                store.describe(), retired.getFileName());
        return created;
    }

    /**
     * Creates project {@code demo} and app {@code demo} (every platform, any web origin) unless they exist.
     *
     * @return whether the app was created now
     */
    public static boolean registerDemoApp(MetadataStore store) {
        ensureDemoProject(store);
        return createIfMissing(new AppRepository(store), new AppRecord(DEMO_APP, DEMO_PROJECT, "Demo Shop",
                "Generated traffic of a web shop and its mobile apps", "UTC", true, List.of("*"),
                List.of("Web", "Android", "iOS")));
    }

    /** The apps of the legacy file, each in the project it moves to; refuses the whole file if any is invalid. */
    static List<AppRecord> readAppsJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("it is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("it is not a JSON array of apps");
        }
        List<AppRecord> apps = new ArrayList<>();
        for (JsonNode entry : root) {
            String appId = entry.path("app_id").asText(null);
            List<String> origins = new ArrayList<>();
            entry.path("allowed_origins").forEach(origin -> origins.add(origin.asText()));
            origins.sort(String::compareTo);
            try {
                apps.add(new AppRecord(appId, DEMO_APP.equals(appId) ? DEMO_PROJECT : DEFAULT_PROJECT,
                        entry.path("name").asText(null), "", entry.path("time_zone").asText("UTC"),
                        entry.path("enabled").asBoolean(true), origins, List.of()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("app " + (apps.size() + 1) + ": " + e.getMessage());
            }
        }
        return apps;
    }

    private static void ensureDemoProject(MetadataStore store) {
        ensureProject(store, new ProjectRecord(DEMO_PROJECT, "Demo", "The demo app and its generated traffic", true));
    }

    private static void ensureProject(MetadataStore store, ProjectRecord project) {
        ProjectRepository projects = new ProjectRepository(store);
        if (projects.find(project.id()).isPresent()) {
            return;
        }
        try {
            projects.create(project);
        } catch (ItemConflictException e) {
            // Created meanwhile (by the studio): that one stays.
        }
    }

    private static boolean createIfMissing(AppRepository apps, AppRecord app) {
        if (apps.find(app.appId()).isPresent()) {
            return false;
        }
        try {
            apps.create(app);
            return true;
        } catch (ItemConflictException e) {
            return false;
        }
    }

    private static Path retire(Path file) {
        Path retired = file.resolveSibling(file.getFileName() + RETIRED_SUFFIX);
        if (Files.exists(retired)) {
            retired = file.resolveSibling(file.getFileName() + RETIRED_SUFFIX + "-" + System.currentTimeMillis());
        }
        try {
            return Files.move(file, retired, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("imported " + file + " into the metadata store but cannot rename it to "
                    + retired + "; rename or remove it by hand", e);
        }
    }
}
