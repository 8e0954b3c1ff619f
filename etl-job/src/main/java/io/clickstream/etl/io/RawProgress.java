package io.clickstream.etl.io;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which raw batches the ETL has modeled, in {@code _state/raw-progress}: per app, the hour through which every raw
 * batch is done (its partitions are sealed: producers publish nothing into an hour once
 * {@link io.clickstream.model.LakeLayout#RAW_LATE_LIMIT} has passed after it, so a pass never lists it again), and
 * the batches done in the hours after that. Its size follows the open hours, not the lake's age. Commit records of
 * passes are folded into it by {@link CommitLog}; it is rewritten whole, atomically.
 */
public final class RawProgress {

    static final String FILE = "_state/raw-progress";
    private static final String HEADER = "# clickstream etl raw progress v1";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

    /** app id -> the last sealed hour (hours since the epoch, UTC) */
    private final Map<String, Long> sealedThrough = new TreeMap<>();
    /** lake-relative raw batches done in hours after their app's sealed hour */
    private final Set<String> done = new HashSet<>();
    private Instant lastPurge;
    private boolean changed;

    /** The progress of a lake; empty for a lake that has none yet (every raw partition is then listed once). */
    static RawProgress read(LakeFiles lake) throws IOException {
        RawProgress p = new RawProgress();
        if (!lake.exists(FILE)) {
            return p;
        }
        boolean complete = false;
        for (String line : lake.readLines(FILE)) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "sealed" -> p.sealedThrough.put(f[1], epochHour(LocalDateTime.parse(f[2], HOUR)));
                case "done" -> p.done.add(f[1]);
                case "purged" -> p.lastPurge = Instant.parse(f[1]);
                case "end" -> complete = true;
                default -> {
                    // header, comments
                }
            }
        }
        if (!complete) {
            throw new IOException(FILE + " is truncated; the lake needs inspection");
        }
        return p;
    }

    void write(LakeFiles lake) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        sealedThrough.forEach((app, hour) -> text.append("sealed\t").append(app).append('\t')
                .append(HOUR.format(LocalDateTime.ofEpochSecond(hour * 3600, 0, ZoneOffset.UTC))).append('\n'));
        for (String f : new TreeSet<>(done)) {
            text.append("done\t").append(f).append('\n');
        }
        if (lastPurge != null) {
            text.append("purged\t").append(lastPurge).append('\n');
        }
        text.append("end\n");
        lake.writeAtomically(FILE, text.toString());
        changed = false;
    }

    /** The last sealed hour of an app, or null for an app no pass has listed yet. */
    public Long sealedThrough(String appId) {
        return sealedThrough.get(appId);
    }

    public boolean isDone(RawFile file) {
        Long sealed = sealedThrough.get(file.appId());
        return (sealed != null && epochHourOf(file.relative()) <= sealed) || done.contains(file.relative());
    }

    /** Records batches as done (those in sealed hours are done anyway and not kept). */
    void addDone(Collection<String> relatives) {
        for (String r : relatives) {
            Long sealed = sealedThrough.get(appOf(r));
            if ((sealed == null || epochHourOf(r) > sealed) && done.add(r)) {
                changed = true;
            }
        }
    }

    /** Seals an app's hours through {@code hour}; the done batches of those hours are forgotten. */
    void seal(String appId, long hour) {
        Long before = sealedThrough.get(appId);
        if (before != null && before >= hour) {
            return;
        }
        sealedThrough.put(appId, hour);
        done.removeIf(r -> appOf(r).equals(appId) && epochHourOf(r) <= hour);
        changed = true;
    }

    Instant lastPurge() {
        return lastPurge;
    }

    void purged(Instant at) {
        lastPurge = at;
        changed = true;
    }

    public boolean changed() {
        return changed;
    }

    /** Done batches kept individually: those of open hours. */
    public int openDoneCount() {
        return done.size();
    }

    static long epochHour(LocalDateTime hour) {
        return hour.toEpochSecond(ZoneOffset.UTC) / 3600;
    }

    static long epochHour(LocalDate date, int hour) {
        return date.toEpochDay() * 24 + hour;
    }

    /** The hour of a lake-relative raw path {@code raw/app_id=<a>/date=<d>/hour=<h>/<file>}. */
    static long epochHourOf(String relative) {
        String[] s = relative.split("/");
        return epochHour(LocalDate.parse(s[2].substring("date=".length())),
                Integer.parseInt(s[3].substring("hour=".length())));
    }

    private static String appOf(String relative) {
        return relative.split("/")[1].substring("app_id=".length());
    }
}
