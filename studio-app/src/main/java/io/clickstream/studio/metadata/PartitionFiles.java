package io.clickstream.studio.metadata;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data files of one {@code event_date} partition of a modeled table, as listed at one moment: file name to size
 * in bytes, sorted by name. Two listings are equal when the partition did not change in between (the ETL never
 * rewrites a file in place: it adds files with new names and deletes the ones they replace).
 */
record PartitionFiles(LocalDate date, Map<String, Long> files) {

    public PartitionFiles {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }
}
