package io.clickstream.studio.metadata;

import static io.clickstream.studio.metadata.MetadataItems.COUNT;
import static io.clickstream.studio.metadata.MetadataItems.COUNT_BASE;
import static io.clickstream.studio.metadata.MetadataItems.EDIT_VERSION;
import static io.clickstream.studio.metadata.MetadataItems.EVENT;
import static io.clickstream.studio.metadata.MetadataItems.FIRST_SEEN;
import static io.clickstream.studio.metadata.MetadataItems.LAST_SEEN;
import static io.clickstream.studio.metadata.MetadataItems.NAME;
import static io.clickstream.studio.metadata.MetadataItems.PRESET;
import static io.clickstream.studio.metadata.MetadataItems.SAMPLES;
import static io.clickstream.studio.metadata.MetadataItems.SCAN_SEQ;
import static io.clickstream.studio.metadata.MetadataItems.TYPE;
import static io.clickstream.studio.metadata.MetadataItems.USERS;
import static io.clickstream.studio.metadata.MetadataItems.USER_COUNT;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.ItemWrite;
import io.clickstream.metadata.ItemWriteResult;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.model.ModeledTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers an app's events, event parameters and user attributes in the modeled lake and keeps their metadata
 * items up to date, reading only what changed since the last scan.
 *
 * <h2>What is read</h2>
 * For each event-date partition of the {@code event} and {@code user} tables the scan keeps the file list it last
 * read and each item's share of the partition ({@code PART#} items). A partition whose files are all still there
 * and only gained new ones (the ETL appends events) has just its new files read and their counts added. A partition
 * that lost files (compaction merged them, the ETL rewrote the users of that day, a retention job deleted it) is
 * read whole, and its new share replaces its old one. Unchanged partitions are not read at all.
 *
 * <h2>Crashes and concurrent scans</h2>
 * The store has no transactions, so a scan is made safe to repeat: it numbers itself (the watermark's scan number
 * plus one), writes each partition's new file list and share with the old one kept beside it, then each item as
 * "count before this scan + change" (the count before is kept in the item too), and commits by writing the number
 * into the watermark last. A scan that dies half-way leaves items and partitions marked with a number above the
 * watermark; the next scan reads them as they were before and redoes the same work, so nothing is counted twice.
 * Values that are merged rather than added (first and last seen, types, samples, distinct users) give the same
 * result however often they are merged. A lease in the watermark keeps two studios from scanning one app at once.
 */
public class MetadataScanner {

    private static final Logger log = LoggerFactory.getLogger(MetadataScanner.class);

    static final int MAX_SAMPLES = 5;
    static final int MAX_SAMPLE_LENGTH = 100;
    /** Event dates read under one hold of the lake's commit lock: an ETL commit waits at most this long. */
    private static final int DATES_PER_READ = 31;
    private static final int WRITE_BATCH = 500;
    /** Beyond this many items a scan reads a kind's items with one query instead of one get each. */
    private static final int BULK_READ_THRESHOLD = 200;
    /** A scan renews its lease between steps; a studio that died mid-scan blocks the next one this long at most. */
    static final Duration LEASE = Duration.ofMinutes(2);

    // Watermark and partition items.
    private static final String SEQ = "seq";
    private static final String LEASE_OWNER = "leaseOwner";
    private static final String LEASE_UNTIL = "leaseUntil";
    private static final String LAST_SCAN_AT = "lastScanAt";
    private static final String LAST_SCAN_MILLIS = "lastScanMillis";
    private static final String FILES = "files";
    private static final String COUNTS = "counts";
    private static final String PREVIOUS_EXISTS = "previousExists";
    private static final String PREVIOUS_FILES = "previousFiles";
    private static final String PREVIOUS_COUNTS = "previousCounts";

    private final MetadataStore store;
    private final ModeledLakeReader lake;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();

    public MetadataScanner(MetadataStore store, ModeledLakeReader lake, Clock clock) {
        this.store = store;
        this.lake = lake;
        this.clock = clock;
    }

    /** The apps that have modeled data in the lake. */
    public List<String> appsInLake() {
        return lake.apps();
    }

    /** Scans one app; {@code cancelled} is asked between steps, and a cancelled scan leaves nothing half-counted. */
    public ScanReport scan(String appId, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        ItemKey watermarkKey = MetadataItems.key(appId, MetadataItems.WATERMARK);
        Item[] lease = {claim(watermarkKey)};
        if (lease[0] == null) {
            return report(appId, ScanReport.Outcome.BUSY, -1, started, 0, 0, 0);
        }
        long committed = lease[0].number(SEQ).orElse(0L);
        long next = committed + 1;
        boolean done = false;
        try {
            Map<String, PartitionState> partitions = partitions(appId, committed);
            Discovery discovery = new Discovery();
            List<ItemWrite> partitionWrites = new ArrayList<>();
            int[] read = new int[2];
            for (ModeledTables.Table table : List.of(ModeledTables.EVENT, ModeledTables.USER)) {
                TreeSet<LocalDate> dates = new TreeSet<>(lake.partitionDates(table, appId));
                partitions.values().stream().filter(p -> p.table.equals(table.tableName())).forEach(p -> dates.add(p.date));
                List<LocalDate> all = List.copyOf(dates);
                for (int from = 0; from < all.size(); from += DATES_PER_READ) {
                    if (cancelled.getAsBoolean()) {
                        return report(appId, ScanReport.Outcome.CANCELLED, committed, started, read[0], read[1], 0);
                    }
                    lease[0] = renew(watermarkKey, lease[0]);
                    List<LocalDate> chunk = all.subList(from, Math.min(all.size(), from + DATES_PER_READ));
                    readChunk(appId, table, chunk, partitions, next, discovery, partitionWrites, read);
                }
            }
            if (partitionWrites.isEmpty()) {
                done = true;
                release(watermarkKey, lease[0], committed, null);
                return report(appId, ScanReport.Outcome.UNCHANGED, committed, started, 0, 0, 0);
            }
            if (cancelled.getAsBoolean()) {
                return report(appId, ScanReport.Outcome.CANCELLED, committed, started, read[0], read[1], 0);
            }
            long readMillis = (System.nanoTime() - started) / 1_000_000;
            // Partitions first, items second, watermark last: see the class comment.
            lease[0] = renew(watermarkKey, lease[0]);
            writeAll(partitionWrites);
            for (PartitionState partition : partitions.values()) {
                if (partition.uncommitted) {
                    discovery.keys.addAll(partition.current().keySet());
                }
            }
            int items = writeItems(appId, next, discovery, () -> lease[0] = renew(watermarkKey, lease[0]));
            long millis = (System.nanoTime() - started) / 1_000_000;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put(LAST_SCAN_AT, clock.millis());
            summary.put(LAST_SCAN_MILLIS, millis);
            done = true;
            release(watermarkKey, lease[0], next, summary);
            log.info("Metadata scan of app '{}': {} partitions and {} files read, {} items written in {} ms "
                    + "({} ms reading the lake)", appId, read[0], read[1], items, millis, readMillis);
            return report(appId, ScanReport.Outcome.SCANNED, next, started, read[0], read[1], items);
        } finally {
            if (!done) {
                try {
                    release(watermarkKey, lease[0], committed, null);
                } catch (RuntimeException e) {
                    log.warn("Metadata scan of app '{}': could not release its lease (it expires by itself): {}",
                            appId, e.getMessage());
                }
            }
        }
    }

    /** Lists a chunk of partitions and reads those that changed, all under one hold of the commit lock. */
    private void readChunk(String appId, ModeledTables.Table table, List<LocalDate> dates,
                           Map<String, PartitionState> partitions, long next, Discovery discovery,
                           List<ItemWrite> partitionWrites, int[] read) {
        boolean events = table.equals(ModeledTables.EVENT);
        lake.consistently(() -> {
            Map<LocalDate, PartitionFiles> listed = new TreeMap<>();
            Map<LocalDate, List<String>> toRead = new TreeMap<>();
            Map<LocalDate, Boolean> replaced = new HashMap<>();
            for (LocalDate date : dates) {
                PartitionFiles now = lake.partitionFiles(table, appId, date);
                PartitionState known = partitions.get(partitionKey(table, date));
                Map<String, Long> before = known == null ? Map.of() : known.committedFiles;
                if (now.files().equals(before) && (known == null || !known.uncommitted)) {
                    continue;
                }
                listed.put(date, now);
                boolean onlyGained = before.entrySet().stream()
                        .allMatch(f -> f.getValue().equals(now.files().get(f.getKey())));
                replaced.put(date, !onlyGained);
                List<String> files = now.files().keySet().stream()
                        .filter(name -> !onlyGained || !before.containsKey(name)).toList();
                if (!files.isEmpty()) {
                    toRead.put(date, files);
                }
            }
            if (listed.isEmpty()) {
                return null;
            }
            Map<LocalDate, Map<String, Long>> found = new HashMap<>();
            if (events) {
                for (EventDayCount row : lake.eventCounts(appId, toRead)) {
                    String sk = MetadataItems.eventKey(row.eventName());
                    if (MetadataItems.storable(row.eventName())) {
                        found.computeIfAbsent(row.date(), d -> new HashMap<>()).merge(sk, row.events(), Long::sum);
                        discovery.found(sk, row.eventName(), null, false).seen(row.firstMillis(), row.lastMillis());
                    }
                }
                for (ValueProfile row : lake.parameterProfiles(appId, toRead)) {
                    if (MetadataItems.storable(row.eventName()) && MetadataItems.storable(row.name())) {
                        String sk = MetadataItems.parameterKey(row.eventName(), row.name());
                        found.computeIfAbsent(row.date(), d -> new HashMap<>()).merge(sk, row.count(), Long::sum);
                        discovery.found(sk, row.name(), row.eventName(), row.preset()).profile(row);
                    }
                }
                lake.eventUserHashes(appId, toRead).forEach((eventName, hashes) -> {
                    if (MetadataItems.storable(eventName)) {
                        discovery.found(MetadataItems.eventKey(eventName), eventName, null, false).users(hashes);
                    }
                });
            } else {
                for (ValueProfile row : lake.userAttributeProfiles(appId, toRead)) {
                    if (MetadataItems.storable(row.name())) {
                        String sk = MetadataItems.userAttributeKey(row.name());
                        found.computeIfAbsent(row.date(), d -> new HashMap<>()).merge(sk, row.count(), Long::sum);
                        discovery.found(sk, row.name(), null, false).profile(row);
                    }
                }
            }
            for (Map.Entry<LocalDate, PartitionFiles> entry : listed.entrySet()) {
                LocalDate date = entry.getKey();
                PartitionState known = partitions.get(partitionKey(table, date));
                Map<String, Long> before = known == null ? Map.of() : known.committedCounts();
                Map<String, Long> after = new TreeMap<>(replaced.get(date) ? Map.of() : before);
                found.getOrDefault(date, Map.of()).forEach((sk, count) -> after.merge(sk, count, Long::sum));
                Set<String> keys = new LinkedHashSet<>(before.keySet());
                keys.addAll(after.keySet());
                for (String sk : keys) {
                    long change = after.getOrDefault(sk, 0L) - before.getOrDefault(sk, 0L);
                    discovery.keys.add(sk);
                    if (change != 0) {
                        discovery.delta.merge(sk, change, Long::sum);
                    }
                }
                partitionWrites.add(partitionWrite(appId, table, date, entry.getValue().files(), after, known, next));
                read[0] += toRead.containsKey(date) ? 1 : 0;
                read[1] += toRead.getOrDefault(date, List.of()).size();
            }
            return null;
        });
    }

    /** Writes each touched item as its count before this scan plus the change, with the merged findings. */
    private int writeItems(String appId, long next, Discovery discovery, Runnable renewLease) {
        Map<String, Item> existing = existingItems(appId, discovery.keys);
        List<String> pending = new ArrayList<>(discovery.keys);
        int written = 0;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == 5) {
                throw new IllegalStateException("metadata items of app '" + appId + "' keep changing during the scan: "
                        + pending.size() + " not written");
            }
            List<ItemWrite> writes = new ArrayList<>();
            List<String> writtenKeys = new ArrayList<>();
            for (String sk : pending) {
                Item item = existing.get(sk);
                Found found = discovery.found.get(sk);
                if (item == null && found == null) {
                    continue; // Only a crashed scan's partition named it, and no data holds it: nothing to create.
                }
                Map<String, Object> attributes = merged(item, found, next, discovery.delta.getOrDefault(sk, 0L));
                ItemKey key = MetadataItems.key(appId, sk);
                writes.add(item == null ? ItemWrite.create(key, attributes)
                        : ItemWrite.update(key, item.version(), attributes));
                writtenKeys.add(sk);
            }
            List<String> retry = new ArrayList<>();
            List<ItemWriteResult> results = new ArrayList<>(writes.size());
            for (int from = 0; from < writes.size(); from += WRITE_BATCH) {
                renewLease.run();
                results.addAll(store.writeAll(writes.subList(from, Math.min(writes.size(), from + WRITE_BATCH))));
            }
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).written()) {
                    written++;
                } else {
                    // An analyst's edit (or a create) got in between: read it again and merge onto it.
                    String sk = writtenKeys.get(i);
                    retry.add(sk);
                    store.get(MetadataItems.key(appId, sk)).ifPresentOrElse(
                            item -> existing.put(sk, item), () -> existing.remove(sk));
                }
            }
            pending = retry;
        }
        return written;
    }

    private static Map<String, Object> merged(Item item, Found found, long next, long delta) {
        Map<String, Object> attributes = new LinkedHashMap<>(item == null ? Map.of() : item.attributes());
        long base = item == null ? 0 : item.number(SCAN_SEQ).orElse(0L) == next
                ? item.number(COUNT_BASE).orElse(0L) : item.number(COUNT).orElse(0L);
        attributes.put(COUNT, Math.max(0, base + delta));
        attributes.put(COUNT_BASE, base);
        attributes.put(SCAN_SEQ, next);
        if (item == null) {
            attributes.put(NAME, found.name);
            if (found.eventName != null) {
                attributes.put(EVENT, found.eventName);
            }
            attributes.put(EDIT_VERSION, 1L);
        }
        if (found == null) {
            return attributes;
        }
        if (found.preset) {
            attributes.put(PRESET, true);
        }
        if (found.first != Long.MAX_VALUE) {
            attributes.put(FIRST_SEEN, Math.min(found.first, item == null ? Long.MAX_VALUE
                    : item.number(FIRST_SEEN).orElse(Long.MAX_VALUE)));
            attributes.put(LAST_SEEN, Math.max(found.last, item == null ? Long.MIN_VALUE
                    : item.number(LAST_SEEN).orElse(Long.MIN_VALUE)));
        }
        if (found.type != null) {
            ValueType known = item == null ? null : item.string(TYPE).map(ValueType::of).orElse(null);
            attributes.put(TYPE, ValueType.join(known, found.type).label());
        }
        if (!found.samples.isEmpty()) {
            LinkedHashSet<String> samples = new LinkedHashSet<>();
            if (item != null) {
                item.list(SAMPLES).forEach(s -> samples.add(String.valueOf(s)));
            }
            for (String sample : found.samples) {
                if (samples.size() >= MAX_SAMPLES) {
                    break;
                }
                samples.add(sample);
            }
            attributes.put(SAMPLES, List.copyOf(samples));
        }
        if (found.users != null) {
            UserSketch users = UserSketch.decode(item == null ? null : item.string(USERS).orElse(null));
            users.merge(found.users);
            attributes.put(USERS, users.encode());
            attributes.put(USER_COUNT, users.estimate());
        }
        return attributes;
    }

    private Map<String, Item> existingItems(String appId, Set<String> keys) {
        Map<String, Item> items = new HashMap<>();
        if (keys.size() > BULK_READ_THRESHOLD) {
            for (String prefix : List.of(MetadataItems.EVENT_PREFIX, MetadataItems.PARAMETER_PREFIX,
                    MetadataItems.USER_ATTRIBUTE_PREFIX)) {
                if (keys.stream().anyMatch(k -> k.startsWith(prefix))) {
                    for (Item item : store.queryAll(MetadataItems.partition(appId), prefix)) {
                        if (keys.contains(item.key().sk())) {
                            items.put(item.key().sk(), item);
                        }
                    }
                }
            }
        } else {
            for (String sk : keys) {
                store.get(MetadataItems.key(appId, sk)).ifPresent(item -> items.put(sk, item));
            }
        }
        return items;
    }

    private List<ItemWriteResult> writeAll(List<ItemWrite> writes) {
        List<ItemWriteResult> results = new ArrayList<>(writes.size());
        for (int from = 0; from < writes.size(); from += WRITE_BATCH) {
            results.addAll(store.writeAll(writes.subList(from, Math.min(writes.size(), from + WRITE_BATCH))));
        }
        return results;
    }

    // The watermark: the committed scan number and the lease.

    /** Takes the app's scan lease, or returns null when another scanner holds it. */
    private Item claim(ItemKey key) {
        long now = clock.millis();
        Item watermark = store.get(key).orElse(null);
        Map<String, Object> attributes = new LinkedHashMap<>(watermark == null ? Map.of() : watermark.attributes());
        if (watermark != null) {
            String holder = watermark.string(LEASE_OWNER).orElse(null);
            if (holder != null && !holder.equals(owner) && watermark.number(LEASE_UNTIL).orElse(0L) > now) {
                return null;
            }
        }
        attributes.put(LEASE_OWNER, owner);
        attributes.put(LEASE_UNTIL, now + LEASE.toMillis());
        try {
            return watermark == null ? store.create(key, attributes) : store.update(key, watermark.version(), attributes);
        } catch (ItemConflictException e) {
            return null;
        }
    }

    /** Extends the lease when a third of it has passed; fails if it was lost (the scan must not go on). */
    private Item renew(ItemKey key, Item lease) {
        long now = clock.millis();
        if (lease.number(LEASE_UNTIL).orElse(0L) - now > LEASE.toMillis() * 2 / 3) {
            return lease;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(lease.attributes());
        attributes.put(LEASE_UNTIL, now + LEASE.toMillis());
        return store.update(key, lease.version(), attributes);
    }

    /** Ends the lease, committing scan number {@code seq}; fails if the lease expired and another scan took it. */
    private void release(ItemKey key, Item lease, long seq, Map<String, Object> summary) {
        Map<String, Object> attributes = new LinkedHashMap<>(lease.attributes());
        attributes.remove(LEASE_OWNER);
        attributes.remove(LEASE_UNTIL);
        attributes.put(SEQ, seq);
        if (summary != null) {
            attributes.putAll(summary);
        }
        store.update(key, lease.version(), attributes);
    }

    // Partition bookkeeping.

    private static String partitionKey(ModeledTables.Table table, LocalDate date) {
        return MetadataItems.PARTITION_PREFIX + table.tableName() + "#" + date;
    }

    private Map<String, PartitionState> partitions(String appId, long committed) {
        Map<String, PartitionState> states = new HashMap<>();
        for (Item item : store.queryAll(MetadataItems.partition(appId), MetadataItems.PARTITION_PREFIX)) {
            String[] parts = item.key().sk().split("#");
            if (parts.length == 3) {
                states.put(item.key().sk(), new PartitionState(parts[1], LocalDate.parse(parts[2]), item, committed));
            }
        }
        return states;
    }

    private static ItemWrite partitionWrite(String appId, ModeledTables.Table table, LocalDate date,
                                            Map<String, Long> files, Map<String, Long> counts, PartitionState known,
                                            long next) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SEQ, next);
        attributes.put(FILES, files);
        attributes.put(COUNTS, PartitionCounts.encode(counts));
        boolean previous = known != null && known.committedExists;
        attributes.put(PREVIOUS_EXISTS, previous);
        if (previous) {
            attributes.put(PREVIOUS_FILES, known.committedFiles);
            attributes.put(PREVIOUS_COUNTS, known.committedCountsText);
        }
        ItemKey key = MetadataItems.key(appId, partitionKey(table, date));
        return known == null ? ItemWrite.create(key, attributes) : ItemWrite.update(key, known.item.version(), attributes);
    }

    /** A {@code PART#} item read back: what the last committed scan knew of the partition. */
    private static final class PartitionState {
        final String table;
        final LocalDate date;
        final Item item;
        /** Written by a scan that never committed: its "previous" values are the committed ones. */
        final boolean uncommitted;
        final boolean committedExists;
        final Map<String, Long> committedFiles;
        final String committedCountsText;
        private Map<String, Long> committedCounts;

        PartitionState(String table, LocalDate date, Item item, long committedSeq) {
            this.table = table;
            this.date = date;
            this.item = item;
            this.uncommitted = item.number(SEQ).orElse(0L) > committedSeq;
            this.committedExists = !uncommitted || item.flag(PREVIOUS_EXISTS);
            this.committedFiles = !committedExists ? Map.of() : files(item.attributes().get(uncommitted ? PREVIOUS_FILES : FILES));
            this.committedCountsText = !committedExists ? "" : item.string(uncommitted ? PREVIOUS_COUNTS : COUNTS).orElse("");
        }

        Map<String, Long> committedCounts() {
            if (committedCounts == null) {
                committedCounts = PartitionCounts.decode(committedCountsText);
            }
            return committedCounts;
        }

        /** What the partition item says now (for an uncommitted one: what the crashed scan had counted). */
        Map<String, Long> current() {
            return PartitionCounts.decode(item.string(COUNTS).orElse(""));
        }

        private static Map<String, Long> files(Object value) {
            Map<String, Long> files = new TreeMap<>();
            if (value instanceof Map<?, ?> map) {
                map.forEach((name, size) -> files.put(String.valueOf(name), ((Number) size).longValue()));
            }
            return files;
        }
    }

    /** Everything one scan found, per item sort key. */
    private static final class Discovery {
        final Map<String, Found> found = new HashMap<>();
        final Map<String, Long> delta = new HashMap<>();
        /** Items whose count may change: every key of a changed partition, before or after. */
        final Set<String> keys = new LinkedHashSet<>();

        Found found(String sk, String name, String eventName, boolean preset) {
            Found f = found.computeIfAbsent(sk, k -> new Found(name, eventName));
            f.preset |= preset;
            return f;
        }
    }

    /** What a scan saw of one item in the data it read. */
    private static final class Found {
        final String name;
        final String eventName;
        boolean preset;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        ValueType type;
        final LinkedHashSet<String> samples = new LinkedHashSet<>();
        UserSketch users;

        Found(String name, String eventName) {
            this.name = name;
            this.eventName = eventName;
        }

        Found seen(long firstMillis, long lastMillis) {
            first = Math.min(first, firstMillis);
            last = Math.max(last, lastMillis);
            return this;
        }

        void profile(ValueProfile profile) {
            seen(profile.firstMillis(), profile.lastMillis());
            type = ValueType.join(type, ValueType.of(profile.type()));
            for (String sample : profile.samples()) {
                if (samples.size() < MAX_SAMPLES) {
                    samples.add(sample.length() > MAX_SAMPLE_LENGTH ? sample.substring(0, MAX_SAMPLE_LENGTH) : sample);
                }
            }
        }

        void users(long[] hashes) {
            if (users == null) {
                users = new UserSketch();
            }
            users.addAll(hashes);
        }
    }

    private ScanReport report(String appId, ScanReport.Outcome outcome, long seq, long startedNanos, int partitions,
                              int files, int items) {
        return new ScanReport(appId, outcome, seq, clock.instant(), (System.nanoTime() - startedNanos) / 1_000_000,
                partitions, files, items);
    }

    /** The app's last scan that changed something, from its watermark; empty before the first. */
    public Optional<LastScan> lastScan(String appId) {
        return store.get(MetadataItems.key(appId, MetadataItems.WATERMARK))
                .filter(w -> w.number(LAST_SCAN_AT).isPresent())
                .map(w -> new LastScan(Instant.ofEpochMilli(w.number(LAST_SCAN_AT).orElseThrow()),
                        w.number(LAST_SCAN_MILLIS).orElse(0L), w.number(SEQ).orElse(0L)));
    }
}
