package io.clickstream.studio.explore.lake;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.DataVersions;
import io.clickstream.studio.explore.EventCatalog;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.QueryExecutor;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.explore.model.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An app's event names, custom parameters and user attributes, read from its modeled Parquet with DuckDB and kept
 * until the app's data version changes. A parameter is a number when every value it has is a plain decimal
 * number, text otherwise. What each Parquet file holds is remembered by its path, size and modification time, so
 * that after an ETL commit only the new or replaced files are read (at 10 M events a full scan takes about a second;
 * a commit's few files some milliseconds). (The metadata manager's scan job will implement {@link EventCatalog} from
 * its store.)
 */
public final class LakeEventCatalog implements EventCatalog {

    private static final String NUMBER_PATTERN = "^[-+]?[0-9]+([.][0-9]+)?$";
    /** Files read per statement: their paths are bound one parameter each. */
    private static final int FILES_PER_STATEMENT = 256;
    private static final int ATTEMPTS = 3;

    private record Cached(String version, AppMetadata metadata) {
    }

    /** A file as listed: a replaced file (compaction, an ETL rewrite) has another size or modification time. */
    private record Stamp(long size, long modified) {
    }

    /** What one file holds: its event names (event files) and, for each map key, whether every value is a number. */
    private record FileFacts(Stamp stamp, Set<String> names, Map<String, Boolean> numeric) {
    }

    private final LakeLayout lake;
    private final QueryExecutor duckDb;
    private final DataVersions versions;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** By app, then by file path; guarded by {@code this}. */
    private final Map<String, Map<String, FileFacts>> files = new HashMap<>();
    private long filesRead;

    public LakeEventCatalog(LakeLayout lake, QueryExecutor duckDb, DataVersions versions) {
        this.lake = lake;
        this.duckDb = duckDb;
        this.versions = versions;
    }

    @Override
    public AppMetadata metadataOf(String appId) {
        String version = versions.versionOf(appId);
        Cached cached = cache.get(appId);
        if (cached != null && cached.version().equals(version)) {
            return cached.metadata();
        }
        AppMetadata metadata = read(appId);
        cache.put(appId, new Cached(version, metadata));
        return metadata;
    }

    /** How many Parquet files have been read so far (each at most once while it stays as it is). */
    public synchronized long filesRead() {
        return filesRead;
    }

    private synchronized AppMetadata read(String appId) {
        if (!LakeLayout.isSafeSegment(appId)) {
            return AppMetadata.EMPTY;
        }
        Path events = Path.of(lake.modeledTable(ModeledTables.EVENT), "app_id=" + appId);
        Path users = Path.of(lake.modeledTable(ModeledTables.USER), "app_id=" + appId);
        for (int attempt = 1; ; attempt++) {
            try {
                Map<String, Stamp> eventFiles = list(events);
                Map<String, Stamp> userFiles = list(users);
                Map<String, FileFacts> known = files.computeIfAbsent(appId, a -> new HashMap<>());
                known.keySet().retainAll(union(eventFiles.keySet(), userFiles.keySet()));
                learn(known, eventFiles, "custom_parameters", true);
                learn(known, userFiles, "user_properties", false);

                Set<String> names = new HashSet<>();
                Map<String, Boolean> parameters = new HashMap<>();
                Map<String, Boolean> attributes = new HashMap<>();
                for (String path : eventFiles.keySet()) {
                    names.addAll(known.get(path).names());
                    merge(parameters, known.get(path).numeric());
                }
                for (String path : userFiles.keySet()) {
                    merge(attributes, known.get(path).numeric());
                }
                return new AppMetadata(names, types(parameters), types(attributes));
            } catch (QueryFailure e) {
                // a file listed a moment ago may be gone (compaction); list again
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Reads the files not known yet (or changed since) into {@code known}. */
    private void learn(Map<String, FileFacts> known, Map<String, Stamp> listed, String mapColumn, boolean names) {
        List<String> unread = new ArrayList<>();
        listed.forEach((path, stamp) -> {
            FileFacts facts = known.get(path);
            if (facts == null || !facts.stamp().equals(stamp)) {
                unread.add(path);
            }
        });
        Collections.sort(unread);
        for (int from = 0; from < unread.size(); from += FILES_PER_STATEMENT) {
            List<String> chunk = unread.subList(from, Math.min(unread.size(), from + FILES_PER_STATEMENT));
            Map<String, Set<String>> namesOf = new HashMap<>();
            Map<String, Map<String, Boolean>> numericOf = new HashMap<>();
            String source = "read_parquet([" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + "], union_by_name = true, filename = true)";
            if (names) {
                for (List<Object> row : query("SELECT filename, event_name FROM " + source
                        + " WHERE event_name IS NOT NULL GROUP BY filename, event_name", chunk)) {
                    namesOf.computeIfAbsent((String) row.get(0), f -> new HashSet<>()).add((String) row.get(1));
                }
            }
            for (List<Object> row : query("SELECT filename, k, bool_and(v IS NULL OR regexp_full_match(v, '"
                    + NUMBER_PATTERN + "')) FROM (SELECT filename, unnest(map_keys(" + mapColumn + ")) AS k, "
                    + "unnest(map_values(" + mapColumn + ")) AS v FROM " + source + ") x GROUP BY filename, k", chunk)) {
                numericOf.computeIfAbsent((String) row.get(0), f -> new HashMap<>())
                        .put((String) row.get(1), Boolean.TRUE.equals(row.get(2)));
            }
            for (String path : chunk) {
                known.put(path, new FileFacts(listed.get(path), Set.copyOf(namesOf.getOrDefault(path, Set.of())),
                        Map.copyOf(numericOf.getOrDefault(path, Map.of()))));
            }
            filesRead += chunk.size();
        }
    }

    private static void merge(Map<String, Boolean> into, Map<String, Boolean> numeric) {
        numeric.forEach((key, number) -> into.merge(key, number, Boolean::logicalAnd));
    }

    private static Map<String, ValueType> types(Map<String, Boolean> numeric) {
        Map<String, ValueType> types = new HashMap<>();
        numeric.forEach((key, number) -> types.put(key, number ? ValueType.NUMBER : ValueType.STRING));
        return types;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The Parquet files of an app's table ({@code event_date=*}{@code /*.parquet}) with their stamps. */
    private static Map<String, Stamp> list(Path appDir) {
        Map<String, Stamp> listed = new HashMap<>();
        if (!Files.isDirectory(appDir)) {
            return listed;
        }
        try (DirectoryStream<Path> partitions = Files.newDirectoryStream(appDir, "event_date=*")) {
            for (Path partition : partitions) {
                try (DirectoryStream<Path> parquet = Files.newDirectoryStream(partition, "*.parquet")) {
                    for (Path file : parquet) {
                        try {
                            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                            listed.put(file.toString(), new Stamp(a.size(), a.lastModifiedTime().toMillis()));
                        } catch (NoSuchFileException gone) {
                            // removed since the listing (compaction): not part of the data any more
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // a partition removed since the listing
                }
            }
        } catch (NoSuchFileException gone) {
            return listed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appDir + ": " + e.getMessage(), e);
        }
        return listed;
    }

    private List<List<Object>> query(String sql, List<String> paths) {
        return duckDb.execute(new BoundQuery(sql, new ArrayList<>(paths)), new QueryControl(Duration.ofMinutes(2)))
                .rows();
    }
}
