package io.clickstream.ingestion.sink;

import io.clickstream.model.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Publishes batches into a local lake directory by an atomic rename, with the directories fsync'd. */
public final class LocalLakeDestination implements BatchDestination {

    private final LakeLayout layout;
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();

    public LocalLakeDestination(Path lakeRoot) {
        this.layout = new LakeLayout(lakeRoot.toAbsolutePath().toString());
    }

    @Override
    public void publish(Path batch, String appId, LocalDate date, int hour, String fileName) throws IOException {
        Path dir = Path.of(layout.rawPartition(appId, date, hour));
        if (knownDirectories.add(dir) && !Files.isDirectory(dir)) {
            Path existing = dir;
            while (existing != null && !Files.isDirectory(existing)) {
                existing = existing.getParent();
            }
            Files.createDirectories(dir);
            for (Path created = dir; created != null && !created.equals(existing); created = created.getParent()) {
                RawBatchPublisher.syncDirectory(created.getParent());
            }
        }
        Files.move(batch, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        RawBatchPublisher.syncDirectory(dir);
        RawBatchPublisher.syncDirectory(batch.getParent());
    }

    @Override
    public String describe() {
        return layout.root();
    }
}
