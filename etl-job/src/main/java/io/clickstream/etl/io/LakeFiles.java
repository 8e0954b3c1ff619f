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

    /** Every finished raw batch: names ending in {@code .jsonl.gz} under {@code raw/app_id=*}/date=*}/hour=*}/}. */
    public List<RawFile> listRawFiles() throws IOException {
        FileStatus[] found = fs.globStatus(new Path(layout.rawRoot() + "/app_id=*/date=*/hour=*/*" + LakeLayout.RAW_SUFFIX));
        List<RawFile> out = new ArrayList<>();
        if (found == null) {
            return out;
        }
        for (FileStatus f : found) {
            if (!f.isFile()) {
                continue;
            }
            Path hour = f.getPath().getParent();
            Path date = hour.getParent();
            Path app = date.getParent();
            String appId = valueOf(app.getName(), "app_id=");
            String day = valueOf(date.getName(), "date=");
            if (appId == null || day == null || !LakeLayout.isSafeSegment(appId)) {
                continue;
            }
            out.add(new RawFile(f.getPath().toString(), relative(f.getPath()), appId, day, f.getLen()));
        }
        return out;
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
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            String name = f.getPath().getName();
            if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                out.add(relative(f.getPath()));
            }
        }
        out.sort(null);
        return out;
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
