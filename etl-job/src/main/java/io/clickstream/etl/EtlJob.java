package io.clickstream.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
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
        return run(() -> spark, spark.sparkContext().hadoopConfiguration(), config, () -> false, phase -> { },
                Clock.systemUTC());
    }

    /**
     * Runs one pass that asks for a session only when there are raw files to model, so that finding out that there
     * is nothing new (listing the open hours) starts no Spark. The pass polls {@code stopRequested} between its
     * steps until its commit point: once true, it ends without committing anything and returns a summary marked
     * abandoned (its raw files go to the next pass); past the commit point it finishes, skipping compaction.
     * Hadoop settings for finding the work are the {@code spark.hadoop.*} entries of {@link EtlConfig#sparkConf()}.
     */
    public static EtlRunSummary run(Supplier<SparkSession> spark, EtlConfig config, BooleanSupplier stopRequested) {
        // Built once per settings: a new Configuration parses Hadoop's default resources again (a scheduler's
        // passes every minute paid that each time). Passes do not overlap, so sharing it is safe.
        Configuration planConf = PLAN_CONFS.computeIfAbsent(hadoopEntries(config), k -> hadoopConf(config));
        return run(spark, planConf, config, stopRequested, phase -> { }, Clock.systemUTC());
    }

    /** The Hadoop settings of passes without a session, by their {@code spark.hadoop.*} entries. */
    private static final java.util.Map<java.util.Map<String, String>, Configuration> PLAN_CONFS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static java.util.Map<String, String> hadoopEntries(EtlConfig config) {
        java.util.Map<String, String> entries = new java.util.TreeMap<>();
        config.sparkConf().forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                entries.put(k, v);
            }
        });
        return entries;
    }

    static EtlRunSummary run(SparkSession spark, EtlConfig config, Consumer<EtlPass.Phase> phaseListener) {
        return run(() -> spark, spark.sparkContext().hadoopConfiguration(), config, () -> false, phaseListener,
                Clock.systemUTC());
    }

    static EtlRunSummary run(Supplier<SparkSession> spark, Configuration planConf, EtlConfig config,
                             BooleanSupplier stopRequested, Consumer<EtlPass.Phase> phaseListener, Clock clock) {
        return run(spark, planConf, config, stopRequested, phaseListener, clock, EtlPass.SMALL_PASS_EVENTS,
                DriverPass.maxEvents(Runtime.getRuntime().maxMemory()));
    }

    /**
     * A pass that counts as small up to {@code smallPassEvents} events and runs on the driver up to
     * {@code driverPassEvents} (tests compare the ways of a pass).
     */
    static EtlRunSummary run(SparkSession spark, EtlConfig config, int smallPassEvents, int driverPassEvents) {
        return run(() -> spark, spark.sparkContext().hadoopConfiguration(), config, () -> false, phase -> { },
                Clock.systemUTC(), smallPassEvents, driverPassEvents);
    }

    private static EtlRunSummary run(Supplier<SparkSession> spark, Configuration planConf, EtlConfig config,
                                     BooleanSupplier stopRequested, Consumer<EtlPass.Phase> phaseListener, Clock clock,
                                     int smallPassEvents, int driverPassEvents) {
        PASS_LOCK.lock();
        try {
            return new EtlPass(spark, planConf, config, phaseListener, stopRequested, clock, smallPassEvents,
                    driverPassEvents).run();
        } catch (IOException e) {
            throw new UncheckedIOException("ETL pass over " + config.lake() + " failed", e);
        } finally {
            PASS_LOCK.unlock();
        }
    }

    /** Hadoop settings of a pass without a session: the {@code spark.hadoop.*} entries of the config. */
    public static Configuration hadoopConf(EtlConfig config) {
        Configuration conf = new Configuration();
        config.sparkConf().forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                conf.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return conf;
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
