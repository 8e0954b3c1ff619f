package io.clickstream.etl.table;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Folds rows by key in Java hash maps: each input partition folds its rows into one aggregate per key, the
 * aggregates are shuffled by key (one per key and partition, without sorting), and each output partition folds
 * them again. This is what a hash aggregation does; Spark SQL cannot use its own for first/last-by-order values of
 * text ({@code min_by}/{@code max_by}), which it sorts every row for instead. Rows are read in Spark's internal form,
 * which the scan reuses: a fold copies only what it keeps.
 *
 * @param <K> key
 * @param <A> aggregate
 */
interface HashFold<K extends HashFold.GroupKey<K>, A extends HashFold.Aggregate<K, A>> extends Serializable {

    /** A group key. */
    interface GroupKey<K> extends Serializable {
        /** A copy that no longer points into any row (a probed key may point into the row it came from). */
        K own();
    }

    /** An aggregate, folded in place. */
    interface Aggregate<K, A> extends Serializable {
        /** Folds one row in, copying only what it keeps. */
        void add(InternalRow row);

        /** Folds {@code other} into this one and returns the result ({@code other} is not used afterwards). */
        A merge(A other);

        InternalRow toRow(K key);
    }

    /** The key of a row, possibly pointing into the row (for a lookup only). */
    K probe(InternalRow row);

    /** An aggregate of no rows. */
    A empty();

    /**
     * The folded rows of {@code rows} (columns as the fold expects; a row may be reused for the next one), folded on
     * the calling thread: for the few rows of a micro pass, which is cheaper than a Spark job.
     */
    static <K extends GroupKey<K>, A extends Aggregate<K, A>> java.util.List<InternalRow> foldLocal(
            Iterator<InternalRow> rows, HashFold<K, A> f) {
        Map<K, A> byKey = new java.util.LinkedHashMap<>();
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            K probe = f.probe(r);
            A a = byKey.get(probe);
            if (a == null) {
                a = f.empty();
                byKey.put(probe.own(), a);
            }
            a.add(r);
        }
        java.util.List<InternalRow> out = new java.util.ArrayList<>(byKey.size());
        byKey.forEach((k, a) -> out.add(a.toRow(k)));
        return out;
    }

    /** The folded rows of {@code input} (columns as the fold expects), one per key, as rows of {@code schema}. */
    static <K extends GroupKey<K>, A extends Aggregate<K, A>> Dataset<Row> fold(Dataset<Row> input, HashFold<K, A> f,
                                                                            StructType schema) {
        return fold(input.queryExecution().toRdd().toJavaRDD(), f, schema, input.sparkSession());
    }

    /** The folded rows (columns as the fold expects; a row may be reused for the next one), as rows of {@code schema}. */
    static <K extends GroupKey<K>, A extends Aggregate<K, A>> Dataset<Row> fold(JavaRDD<InternalRow> rows,
            HashFold<K, A> f, StructType schema, org.apache.spark.sql.SparkSession spark) {
        return ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(foldRdd(rows, f).rdd(), schema, false);
    }

    /** The folded rows (columns as the fold expects; a row may be reused for the next one), one per key. */
    static <K extends GroupKey<K>, A extends Aggregate<K, A>> JavaRDD<InternalRow> foldRdd(JavaRDD<InternalRow> rows,
            HashFold<K, A> f) {
        int partitions = Math.max(1, rows.getNumPartitions());
        var partials = rows.mapPartitionsToPair((Iterator<InternalRow> it) -> {
            Map<K, A> byKey = new HashMap<>();
            while (it.hasNext()) {
                InternalRow r = it.next();
                K probe = f.probe(r);
                A a = byKey.get(probe);
                if (a == null) {
                    a = f.empty();
                    byKey.put(probe.own(), a);
                }
                a.add(r);
            }
            return byKey.entrySet().stream().map(e -> new Tuple2<>(e.getKey(), e.getValue())).iterator();
        });
        JavaRDD<InternalRow> folded;
        if (partitions == 1) {
            // One input partition (a micro-batch) holds every row of each key: its aggregates are final, and a
            // shuffle would only move them to where they are.
            folded = partials.map(t -> t._2().toRow(t._1()));
        } else {
            folded = partials.partitionBy(new HashPartitioner(partitions))
                    .mapPartitions((Iterator<Tuple2<K, A>> parts) -> {
                        Map<K, A> byKey = new HashMap<>();
                        while (parts.hasNext()) {
                            Tuple2<K, A> t = parts.next();
                            byKey.merge(t._1(), t._2(), (a, b) -> a.merge(b));
                        }
                        return byKey.entrySet().stream().map(e -> e.getValue().toRow(e.getKey())).iterator();
                    });
        }
        return folded;
    }
}
