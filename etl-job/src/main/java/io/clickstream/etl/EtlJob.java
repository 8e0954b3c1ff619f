package io.clickstream.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark ETL: each call to {@link #run} is one pass that turns the lake's new raw batches into the modeled
 * tables and quarantine, exactly once. {@link #main} is the command-line and spark-submit entry point.
 */
public final class EtlJob {

    /** Passes over one lake must not overlap; the studio's scheduler and a manual run may both call in. */
    private static final ReentrantLock PASS_LOCK = new ReentrantLock();

    private EtlJob() {
    }

    /** Runs one pass with the caller's session, which is neither created nor stopped here. */
    public static EtlRunSummary run(SparkSession spark, EtlConfig config) {
        return run(spark, config, phase -> { });
    }

    static EtlRunSummary run(SparkSession spark, EtlConfig config, Consumer<EtlPass.Phase> phaseListener) {
        PASS_LOCK.lock();
        try {
            return new EtlPass(spark, config, phaseListener).run();
        } catch (IOException e) {
            throw new UncheckedIOException("ETL pass over " + config.lake() + " failed", e);
        } finally {
            PASS_LOCK.unlock();
        }
    }

    public static void main(String[] args) {
        EtlConfig config;
        try {
            config = EtlConfig.parse(args);
        } catch (EtlConfig.HelpRequested help) {
            System.out.print(help.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("etl-job: " + e.getMessage());
            System.exit(2);
            return;
        }
        String master = config.master();
        if (master == null && System.getProperty("spark.master") == null) {
            // Not under spark-submit (which sets spark.master): run in-process on every core.
            master = "local[*]";
        }
        SparkSession.Builder builder = EtlSession.builder(master);
        config.sparkConf().forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        try {
            EtlRunSummary s = run(spark, config);
            System.out.printf("etl run %s: %d raw files (%d unreadable), %d events written, %d duplicates dropped, "
                            + "%d filtered, %d quarantined, %d partitions rewritten or compacted in %.1f s (%.0f events/s)%n",
                    s.runId(), s.rawFilesRead(), s.corruptFiles(), s.eventsWritten(), s.duplicatesDropped(),
                    s.eventsFiltered(), s.eventsQuarantined(), s.partitionsRewritten(),
                    s.duration().toMillis() / 1000.0, s.eventsPerSecond());
        } finally {
            spark.stop();
        }
    }
}
