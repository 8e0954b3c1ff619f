package io.clickstream.studio.explore.lake;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.DataVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The version of an app's data in a local lake: a fingerprint of the names, sizes and modification times of its
 * modeled {@code event}, {@code session} and {@code user} Parquet files (the tables explorations read). Every ETL
 * commit that touches the app adds, replaces or removes such files (the commit log records exactly those moves), and
 * so does anything else that writes the lake; listing a month of partitions takes well under a millisecond.
 */
public final class LakeDataVersions implements DataVersions {

    /** The tables whose files make the version. */
    public static final List<ModeledTables.Table> TABLES = List.of(ModeledTables.EVENT, ModeledTables.SESSION,
            ModeledTables.USER);

    private final LakeLayout lake;

    public LakeDataVersions(LakeLayout lake) {
        this.lake = lake;
    }

    @Override
    public String versionOf(String appId) {
        if (!LakeLayout.isSafeSegment(appId)) {
            return "none";
        }
        long hash = 1125899906842597L;
        for (ModeledTables.Table table : TABLES) {
            for (String entry : files(Path.of(lake.modeledTable(table), "app_id=" + appId))) {
                for (int i = 0; i < entry.length(); i++) {
                    hash = 31 * hash + entry.charAt(i);
                }
            }
        }
        return HexFormat.of().toHexDigits(hash);
    }

    private static List<String> files(Path appDir) {
        List<String> entries = new ArrayList<>();
        if (!Files.isDirectory(appDir)) {
            return entries;
        }
        try (Stream<Path> walk = Files.walk(appDir, 2)) {
            walk.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().forEach(p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
                    entries.add(appDir.relativize(p) + "|" + attributes.size() + "|"
                            + attributes.lastModifiedTime().toMillis() + "\n");
                } catch (IOException e) {
                    entries.add(appDir.relativize(p) + "|gone\n");
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Files moving under the walk: an ETL commit is being applied; this version is used once and never again.
            entries.add("changing:" + System.nanoTime());
        }
        return entries;
    }
}
