package io.clickstream.studio.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.LakeLayout;
import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.lake.LakeDataVersions;
import io.clickstream.studio.explore.lake.LakeEventCatalog;
import io.clickstream.studio.explore.model.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's event catalog across ETL commits: new files, a removed file, user attributes; each answer equals a
 * plain-Java reading of the events written, and after a commit only the commit's new files are read.
 */
class LakeEventCatalogTest {

    private static final String APP = "shop";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+([.][0-9]+)?");

    @TempDir
    Path dir;

    private static ModeledEvent event(String name, LocalDate day, int n, Map<String, String> parameters) {
        long time = day.atStartOfDay(ZONE).toInstant().toEpochMilli() + 3_600_000L * (n % 20);
        return new ModeledEvent(APP, name + "-" + day + "-" + n, name, time, "u" + (n % 3), "s" + n, "Web", "DE",
                null, null, null, null, null, null, parameters);
    }

    /** The metadata by hand: every name, and a parameter is a number when each of its values is one. */
    private static AppMetadata reference(List<ModeledEvent> events, Map<String, Map<String, String>> users) {
        Set<String> names = new HashSet<>();
        Map<String, Boolean> parameters = new HashMap<>();
        Map<String, Boolean> attributes = new HashMap<>();
        for (ModeledEvent e : events) {
            names.add(e.eventName());
            e.parameters().forEach((k, v) -> parameters.merge(k, NUMBER.matcher(v).matches(), Boolean::logicalAnd));
        }
        users.values().forEach(p -> p.forEach((k, v) -> attributes.merge(k, NUMBER.matcher(v).matches(),
                Boolean::logicalAnd)));
        return new AppMetadata(names, typed(parameters), typed(attributes));
    }

    private static Map<String, ValueType> typed(Map<String, Boolean> numeric) {
        Map<String, ValueType> types = new HashMap<>();
        numeric.forEach((k, number) -> types.put(k, number ? ValueType.NUMBER : ValueType.STRING));
        return types;
    }

    private Set<Path> parquetFiles() throws IOException {
        Path modeled = dir.resolve("lake").resolve("modeled");
        if (!Files.isDirectory(modeled)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(modeled)) {
            return new HashSet<>(walk.filter(p -> p.toString().endsWith(".parquet")).toList());
        }
    }

    @Test
    void follows_commits_reading_only_new_files() throws Exception {
        Path lake = dir.resolve("lake");
        LocalDate day = LocalDate.of(2026, 11, 28);
        List<ModeledEvent> first = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            first.add(event(n % 2 == 0 ? "view_item" : "add_to_cart", day.plusDays(n % 3), n,
                    Map.of("amount", n + ".5", "item", "sku-" + n, "n", String.valueOf(n))));
        }
        first.add(event("page_view", day, 40, Map.of()));
        // a later commit: a new event, and "n" gets a value that is not a number, in a partition of its own
        List<ModeledEvent> second = List.of(event("purchase", day.plusDays(5), 1, Map.of("n", "twelve", "coupon",
                "-3")));
        Map<String, Map<String, String>> users = Map.of("u0", Map.of("tier", "gold", "age", "31"),
                "u1", Map.of("tier", "silver", "age", "-4.25"));

        try (DuckDbExecutor duckDb = ExploreHarness.duckDb(lake)) {
            LakeLayout layout = new LakeLayout(lake.toString());
            LakeEventCatalog catalog = new LakeEventCatalog(layout, duckDb, new LakeDataVersions(layout));
            assertThat(catalog.metadataOf(APP)).isEqualTo(AppMetadata.EMPTY);

            ModeledLake.append(lake, first, Map.of(APP, ZONE));
            AppMetadata expected = reference(first, Map.of());
            assertThat(expected.eventParameters()).containsEntry("n", ValueType.NUMBER)
                    .containsEntry("item", ValueType.STRING);
            assertThat(catalog.metadataOf(APP)).isEqualTo(expected);
            assertThat(catalog.filesRead()).isEqualTo(parquetFiles().size());

            Set<Path> before = parquetFiles();
            List<ModeledEvent> all = new ArrayList<>(first);
            all.addAll(second);
            ModeledLake.append(lake, second, Map.of(APP, ZONE));
            List<ModeledLake.UserRow> userRows = new ArrayList<>();
            users.forEach((user, properties) -> userRows.add(new ModeledLake.UserRow(APP, user, day, properties)));
            ModeledLake.appendUsers(lake, userRows);
            Set<Path> added = new HashSet<>(parquetFiles());
            added.removeAll(before);
            long read = catalog.filesRead();
            AppMetadata afterCommit = catalog.metadataOf(APP);
            assertThat(afterCommit).isEqualTo(reference(all, users));
            assertThat(afterCommit.eventParameters()).containsEntry("n", ValueType.STRING)
                    .containsEntry("coupon", ValueType.NUMBER);
            assertThat(afterCommit.userAttributes()).containsEntry("age", ValueType.NUMBER);
            assertThat(catalog.filesRead() - read).as("only the commit's files read").isEqualTo(added.size());
            assertThat(catalog.metadataOf(APP)).isSameAs(afterCommit);

            // the second commit's event file removed (as compaction or a retention job would): its facts go with it
            read = catalog.filesRead();
            for (Path file : added) {
                if (file.toString().contains("/event/")) {
                    Files.delete(file);
                }
            }
            assertThat(catalog.metadataOf(APP)).isEqualTo(reference(first, users));
            assertThat(catalog.filesRead()).isEqualTo(read);

            // a fresh catalog reading everything at once agrees
            assertThat(new LakeEventCatalog(layout, duckDb, new LakeDataVersions(layout)).metadataOf(APP))
                    .isEqualTo(reference(first, users));
        }
    }

    @Test
    void a_replaced_file_is_read_again() throws Exception {
        Path lake = dir.resolve("lake");
        LocalDate day = LocalDate.of(2026, 3, 29); // a DST change in Berlin
        List<ModeledEvent> events = List.of(event("a", day, 1, Map.of("p", "1")), event("b", day, 2, Map.of("p", "2")));
        try (DuckDbExecutor duckDb = ExploreHarness.duckDb(lake)) {
            LakeLayout layout = new LakeLayout(lake.toString());
            LakeEventCatalog catalog = new LakeEventCatalog(layout, duckDb, new LakeDataVersions(layout));
            ModeledLake.append(lake, events, Map.of(APP, ZONE));
            assertThat(catalog.metadataOf(APP)).isEqualTo(reference(events, Map.of()));

            // the same paths rewritten with other rows (an ETL rewrite of a partition): new stamps, read again
            List<ModeledEvent> rewritten = List.of(event("c", day, 1, Map.of("p", "one")));
            Path scratch = dir.resolve("scratch");
            ModeledLake.append(scratch, rewritten, Map.of(APP, ZONE));
            List<Path> old = parquetFiles().stream().filter(p -> p.toString().contains("/event/")).toList();
            List<Path> fresh;
            try (Stream<Path> walk = Files.walk(scratch)) {
                fresh = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
            }
            assertThat(old).hasSize(1);
            assertThat(fresh).hasSize(1);
            Files.copy(fresh.get(0), old.get(0), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(old.get(0), java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() + 5_000));
            assertThat(catalog.metadataOf(APP)).isEqualTo(reference(rewritten, Map.of()));
        }
    }
}
