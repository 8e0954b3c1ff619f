package io.clickstream.etl.io;

import io.clickstream.model.LakeLayout;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The lake as the ETL sees it through Hadoop's FileSystem (local directories and {@code s3a://} alike): finding
 * finished raw batches and data files, and the few file operations the commit protocol needs. Paths inside the
 * lake are handled as strings relative to its root, so that the commit log stays valid if the lake is moved.
 */
public final class LakeFiles {

    /** Beyond this many days to look at, an app's {@code date=} folders are listed instead of probed one by one. */
    private static final int LIST_DATES_BEYOND_DAYS = 31;

    private final FileSystem fs;
    private final Path root;
    private final String rootUri;
    private final LakeLayout layout;

    private LakeFiles(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
        this.rootUri = root.toString();
        this.layout = new LakeLayout(rootUri);
    }

    public static LakeFiles open(Configuration conf, String lake) {
        try {
            Path path = new Path(lake);
            FileSystem fs = path.getFileSystem(conf);
            return new LakeFiles(fs, fs.makeQualified(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open lake " + lake, e);
        }
    }

    /** The lake root as a fully qualified URI string (what Spark readers and writers are given). */
    public String rootUri() {
        return rootUri;
    }

    public LakeLayout layout() {
        return layout;
    }

    /** A fully qualified URI for a lake-relative path. */
    public String uri(String relative) {
        return rootUri + "/" + relative;
    }

    /** The lake-relative form of a path under the root. */
    public String relative(Path path) {
        String s = fs.makeQualified(path).toString();
        if (!s.startsWith(rootUri + "/")) {
            throw new IllegalArgumentException(s + " is not inside the lake " + rootUri);
        }
        return s.substring(rootUri.length() + 1);
    }

    /** Apps with a raw folder: the {@code app_id=<app>} entries of {@code raw/} (one listing, no deeper). */
    public List<String> rawApps() throws IOException {
        List<String> apps = new ArrayList<>();
        for (String name : list(LakeLayout.RAW)) {
            String app = valueOf(name, "app_id=");
            if (app != null && LakeLayout.isSafeSegment(app)) {
                apps.add(app);
            }
        }
        return apps;
    }

    /** The {@code date=} folders of an app's raw batches (or of its quarantine), as dates, sorted. */
    public List<java.time.LocalDate> dates(String appDir) throws IOException {
        List<java.time.LocalDate> out = new ArrayList<>();
        for (String name : list(appDir)) {
            String d = valueOf(name, "date=");
            if (d != null) {
                try {
                    out.add(java.time.LocalDate.parse(d));
                } catch (java.time.format.DateTimeParseException ignored) {
                    // not a partition of ours
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Finished raw batches of one app in the hours after {@code afterHour} through {@code throughHour} (hours since
     * the epoch, UTC): one listing per date of that span and one per hour folder found in it. A null
     * {@code afterHour} lists every date of the app (once per app, for a lake without progress yet).
     */
    public List<RawFile> rawFiles(String appId, Long afterHour, long throughHour) throws IOException {
        String appDir = LakeLayout.RAW + "/app_id=" + appId;
        List<java.time.LocalDate> dates = new ArrayList<>();
        long firstDay = afterHour == null ? Long.MIN_VALUE : Math.floorDiv(afterHour + 1, 24);
        long lastDay = Math.floorDiv(throughHour, 24);
        if (afterHour == null || lastDay - firstDay > LIST_DATES_BEYOND_DAYS) {
            // Many days to look at (a first pass, or a long pause): one listing of the app's dates beats probing.
            for (java.time.LocalDate d : dates(appDir)) {
                if (d.toEpochDay() >= firstDay && d.toEpochDay() <= lastDay) {
                    dates.add(d);
                }
            }
        } else {
            for (long d = firstDay; d <= lastDay; d++) {
                dates.add(java.time.LocalDate.ofEpochDay(d));
            }
        }
        List<RawFile> out = new ArrayList<>();
        for (java.time.LocalDate date : dates) {
            String dateDir = appDir + "/date=" + date;
            for (String hourName : list(dateDir)) {
                String h = valueOf(hourName, "hour=");
                int hour;
                try {
                    hour = h == null ? -1 : Integer.parseInt(h);
                } catch (NumberFormatException e) {
                    continue;
                }
                long epochHour = RawProgress.epochHour(date, hour);
                if (hour < 0 || hour > 23 || (afterHour != null && epochHour <= afterHour) || epochHour > throughHour) {
                    continue;
                }
                FileStatus[] files;
                try {
                    files = fs.listStatus(new Path(uri(dateDir + "/" + hourName)));
                } catch (FileNotFoundException e) {
                    continue;
                }
                for (FileStatus f : files) {
                    String name = f.getPath().getName();
                    if (f.isFile() && name.endsWith(LakeLayout.RAW_SUFFIX) && !name.startsWith(".")) {
                        out.add(new RawFile(f.getPath().toString(), dateDir + "/" + hourName + "/" + name, appId,
                                date.toString(), f.getLen()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Bytes and files below a lake-relative directory (zero when it does not exist); walks the whole tree. On a
     * local disk the checksum files Hadoop writes beside data files count too: they take space.
     */
    public long[] usage(String relativeDir) throws IOException {
        Path dir = new Path(uri(relativeDir));
        FileSystem walked = fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
        try {
            org.apache.hadoop.fs.ContentSummary c = walked.getContentSummary(dir);
            return new long[] {c.getLength(), c.getFileCount()};
        } catch (FileNotFoundException e) {
            return new long[] {0, 0};
        }
    }

    /** Data files ({@code *.parquet}, not hidden) of one directory, lake-relative; empty when it does not exist. */
    public List<String> dataFiles(String relativeDir) throws IOException {
        List<String> out = new ArrayList<>();
        Path dir = new Path(uri(relativeDir));
        FileStatus[] files;
        try {
            files = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return out;
        }
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            if (f.isFile() && name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                out.add(relativeDir + "/" + name);
            }
        }
        out.sort(null);
        return out;
    }

    /** Data files of one directory with their sizes in bytes, lake-relative and sorted; empty when it does not exist. */
    public java.util.SortedMap<String, Long> dataFileSizes(String relativeDir) throws IOException {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        FileStatus[] files;
        try {
            files = fs.listStatus(new Path(uri(relativeDir)));
        } catch (FileNotFoundException e) {
            return out;
        }
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            if (f.isFile() && name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                out.put(relativeDir + "/" + name, f.getLen());
            }
        }
        return out;
    }

    /** Data files anywhere below a directory, lake-relative. */
    public List<String> dataFilesBelow(String relativeDir) throws IOException {
        List<String> out = new ArrayList<>();
        Path dir = new Path(uri(relativeDir));
        if (!fs.exists(dir)) {
            return out;
        }
        if ("file".equals(fs.getScheme())) {
            // Directory by directory: a recursive listing returns located statuses, and locating a local file asks
            // for its permissions, which Hadoop without its native library learns by running `ls -ld` per file.
            walk(dir, out);
        } else {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                if (isDataFile(f.getPath().getName())) {
                    out.add(relative(f.getPath()));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private void walk(Path dir, List<String> out) throws IOException {
        for (FileStatus f : fs.listStatus(dir)) {
            if (f.isDirectory()) {
                walk(f.getPath(), out);
            } else if (isDataFile(f.getPath().getName())) {
                out.add(relative(f.getPath()));
            }
        }
    }

    private static boolean isDataFile(String name) {
        return name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_");
    }

    public boolean exists(String relative) throws IOException {
        return fs.exists(new Path(uri(relative)));
    }

    /** Names (not paths) of the entries of a directory; empty when it does not exist. */
    public List<String> list(String relativeDir) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            for (FileStatus f : fs.listStatus(new Path(uri(relativeDir)))) {
                out.add(f.getPath().getName());
            }
        } catch (FileNotFoundException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /**
     * Moves a file, idempotently: when the source is gone the move already happened; when both exist (a copy-based
     * rename was interrupted) the target is replaced.
     */
    public void moveIdempotent(String fromRelative, String toRelative) throws IOException {
        Path from = new Path(uri(fromRelative));
        Path to = new Path(uri(toRelative));
        if (!fs.exists(from)) {
            return;
        }
        if (fs.exists(to)) {
            fs.delete(to, false);
        }
        fs.mkdirs(to.getParent());
        if (!fs.rename(from, to)) {
            throw new IOException("could not move " + from + " to " + to);
        }
    }

    public void delete(String relative, boolean recursive) throws IOException {
        fs.delete(new Path(uri(relative)), recursive);
    }

    /** Removes a directory if it holds no data files any more (after its files were moved out). */
    public void deleteIfEmpty(String relativeDir) throws IOException {
        Path dir = new Path(uri(relativeDir));
        try {
            if (fs.listStatus(dir).length == 0) {
                fs.delete(dir, false);
            }
        } catch (FileNotFoundException ignored) {
            // already gone
        }
    }

    /** Writes a small text file so that readers see either nothing or all of it (write aside, then rename). */
    public void writeAtomically(String relative, String text) throws IOException {
        Path target = new Path(uri(relative));
        Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        fs.mkdirs(target.getParent());
        try (FSDataOutputStream out = fs.create(temp, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.hsync();
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(temp, target)) {
            throw new IOException("could not rename " + temp + " to " + target);
        }
    }

    public void writeEmpty(String relative) throws IOException {
        try (OutputStream ignored = fs.create(new Path(uri(relative)), true)) {
            // a marker: its existence is the information
        }
    }

    public List<String> readLines(String relative) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(new Path(uri(relative))),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }

    private static String valueOf(String segment, String prefix) {
        return segment.startsWith(prefix) && segment.length() > prefix.length()
                ? segment.substring(prefix.length()) : null;
    }
}
