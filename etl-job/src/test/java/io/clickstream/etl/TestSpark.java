package io.clickstream.etl;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] session for every test class of the module: starting Spark costs seconds, and the machine's two
 * cores are shared. Spark's own shutdown hook stops it when the test JVM exits.
 */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = EtlSession.builder("local[2]")
                    .config("spark.sql.shuffle.partitions", "2")
                    // java.time values on collect: java.sql.Timestamp needs --add-opens for sun.util.calendar on Java 17
                    .config("spark.sql.datetime.java8API.enabled", "true")
                    .getOrCreate();
        }
        return session;
    }
}
