package io.clickstream.etl.io;

import io.clickstream.model.LakeCommitLock;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ETL's commit protocol under {@code _state/}, which gives exactly-once tables across re-runs and crashes.
 * <p>
 * A pass writes everything it produces under {@code _state/runs/<run>/} (invisible to readers), then writes one
 * commit record {@code _state/commits/<run>.commit} listing the raw files it consumed, the staged files to move
 * into the tables, and the table files they replace. Writing that record is the commit point: before it, a crash
 * leaves only staging garbage and the raw files count as not done; after it, the raw files are done and the
 * record is re-applied (idempotently) by the next pass until it is marked {@code .applied}. Applied records are
 * then folded into {@link RawProgress} (written first, the records deleted after), so the folder holds only the
 * records of the last pass or two, and what is done is the progress plus the records not folded yet.
 */
public final class CommitLog {

    static final String COMMITS = "_state/commits";
    static final String RUNS = "_state/runs";
    private static final String COMMIT_SUFFIX = ".commit";
    private static final String APPLIED_SUFFIX = ".applied";
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");

    private final LakeFiles lake;

    public CommitLog(LakeFiles lake) {
        this.lake = lake;
    }

    /** A file move from staging into a table. */
    public record Move(String from, String to) {
    }

    /** What one pass commits. All paths are lake-relative. */
    public record Commit(String runId, List<String> rawFiles, List<Move> moves, List<String> deletes) {
        public Commit {
            rawFiles = List.copyOf(rawFiles);
            moves = List.copyOf(moves);
            deletes = List.copyOf(deletes);
        }
    }

    /** A new run id; ids sort by start time. */
    public static String newRunId() {
        return RUN_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    /** Where a run stages its output, lake-relative. */
    public static String stagingDir(String runId) {
        return RUNS + "/" + runId;
    }

    /**
     * Finishes what an earlier pass committed but did not apply, removes staging left by passes that crashed before
     * their commit point, and folds applied records into the raw progress. Must run before a new pass reads the
     * tables.
     *
     * @return what is done: the raw progress with every committed pass in it
     */
    public RawProgress recover() throws IOException {
        List<String> names = lake.list(COMMITS);
        Set<String> applied = appliedRuns(names);
        for (String n : names) {
            if (n.endsWith(COMMIT_SUFFIX)) {
                String runId = n.substring(0, n.length() - COMMIT_SUFFIX.length());
                if (!applied.contains(runId)) {
                    apply(read(runId));
                }
            }
        }
        for (String run : lake.list(RUNS)) {
            lake.delete(RUNS + "/" + run, true);
        }
        RawProgress progress = RawProgress.read(lake);
        fold(progress, Map.of());
        return progress;
    }

    /**
     * Adds the raw files of every applied commit record to {@code progress}, seals the given hours (app id to last
     * sealed hour), writes the progress if it changed, and only then deletes the folded records: a crash in between
     * folds them again, which changes nothing.
     */
    public void fold(RawProgress progress, Map<String, Long> seal) throws IOException {
        List<String> names = lake.list(COMMITS);
        Set<String> applied = appliedRuns(names);
        List<String> folded = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith(COMMIT_SUFFIX)) {
                String runId = n.substring(0, n.length() - COMMIT_SUFFIX.length());
                if (applied.contains(runId)) {
                    progress.addDone(read(runId).rawFiles());
                    folded.add(runId);
                }
            }
        }
        seal.forEach(progress::seal);
        if (progress.changed() || !folded.isEmpty()) {
            progress.write(lake);
        }
        for (String run : folded) {
            // Record first, marker second: a crash in between leaves an unmarked record whose re-apply is a no-op.
            lake.delete(COMMITS + "/" + run + COMMIT_SUFFIX, false);
            lake.delete(COMMITS + "/" + run + APPLIED_SUFFIX, false);
        }
    }

    private static Set<String> appliedRuns(List<String> names) {
        Set<String> applied = new HashSet<>();
        for (String n : names) {
            if (n.endsWith(APPLIED_SUFFIX)) {
                applied.add(n.substring(0, n.length() - APPLIED_SUFFIX.length()));
            }
        }
        return applied;
    }

    /** The commit point of a pass. */
    public void commit(Commit c) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# clickstream etl commit ").append(c.runId()).append('\n');
        for (String raw : c.rawFiles()) {
            text.append("raw\t").append(raw).append('\n');
        }
        for (Move m : c.moves()) {
            text.append("move\t").append(m.from()).append('\t').append(m.to()).append('\n');
        }
        for (String d : c.deletes()) {
            text.append("delete\t").append(d).append('\n');
        }
        text.append("end\n");
        lake.writeAtomically(COMMITS + "/" + c.runId() + COMMIT_SUFFIX, text.toString());
    }

    /**
     * Makes a committed pass visible: new files are moved in before replaced files are deleted, under the lake's
     * {@link LakeCommitLock}. Safe to repeat.
     */
    public void apply(Commit c) throws IOException {
        // Readers in this JVM (the studio's queries in the local runtime) see the tables before or after the
        // commit, never in between.
        Lock writeLock = LakeCommitLock.of(lake.rootUri()).writeLock();
        writeLock.lock();
        try {
            for (Move m : c.moves()) {
                lake.moveIdempotent(m.from(), m.to());
            }
            for (String d : c.deletes()) {
                lake.delete(d, false);
            }
        } finally {
            writeLock.unlock();
        }
        lake.writeEmpty(COMMITS + "/" + c.runId() + APPLIED_SUFFIX);
        lake.delete(stagingDir(c.runId()), true);
    }

    Commit read(String runId) throws IOException {
        List<String> raws = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        boolean complete = false;
        for (String line : lake.readLines(COMMITS + "/" + runId + COMMIT_SUFFIX)) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "raw" -> raws.add(f[1]);
                case "move" -> moves.add(new Move(f[1], f[2]));
                case "delete" -> deletes.add(f[1]);
                case "end" -> complete = true;
                default -> {
                    // comments
                }
            }
        }
        if (!complete) {
            throw new IOException("commit record of run " + runId + " is truncated; the lake needs inspection");
        }
        return new Commit(runId, raws, moves, deletes);
    }
}
