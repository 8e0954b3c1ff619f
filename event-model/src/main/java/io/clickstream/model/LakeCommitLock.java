package io.clickstream.model;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps readers of the modeled tables consistent with the ETL's commits inside one JVM (the local runtime runs
 * both). A commit moves new Parquet files into partitions and deletes the files they replace; a reader that lists a
 * partition's files while that happens can miss files or see a file twice. The ETL holds the write lock of the lake
 * while it applies a commit (milliseconds); a reader holds the read lock while it lists and reads files (one
 * query). The lock is fair, so a stream of dashboard queries never starves a commit.
 *
 * <p>Readers in another process than the ETL are not covered: during a commit they may miss a file, see one twice,
 * or find a listed file gone (an error). Making them consistent needs readers that take their file list from the
 * commit log instead of a directory listing; that is not built.
 */
public final class LakeCommitLock {

    private static final ConcurrentMap<String, ReadWriteLock> LOCKS = new ConcurrentHashMap<>();

    private LakeCommitLock() {
    }

    /** The lock of a lake, by its root as a path or as a URI ({@code file:/...}, {@code s3a://...}). */
    public static ReadWriteLock of(String lakeRoot) {
        return LOCKS.computeIfAbsent(key(lakeRoot), k -> new ReentrantReadWriteLock(true));
    }

    static String key(String lakeRoot) {
        String root = lakeRoot;
        if (root.startsWith("file://")) {
            root = root.substring("file://".length());
        } else if (root.startsWith("file:")) {
            root = root.substring("file:".length());
        } else if (root.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        }
        return Path.of(root).toAbsolutePath().normalize().toString();
    }
}
