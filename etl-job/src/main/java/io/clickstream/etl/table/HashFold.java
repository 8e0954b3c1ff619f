package io.clickstream.etl.table;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Folds rows by key in Java hash maps: each input partition folds its rows into one aggregate per key, the
 * aggregates are shuffled by key (one per key and partition, without sorting), and each output partition folds
 * them again. This is what a hash aggregation does; Spark SQL cannot use its own for first/last-by-order values of
 * text ({@code min_by}/{@code max_by}), which it sorts every row for instead.
 *
 * @param <K> key
 * @param <A> aggregate, folded in place
 */
interface HashFold<K, A> extends Serializable {

    K key(Row row);

    /** The aggregate of one row. */
    A of(Row row);

    /** Folds {@code b} into {@code a} and returns the result ({@code b} is not used afterwards). */
    A merge(A a, A b);

    Row toRow(K key, A aggregate);

    /** The folded rows, one per key, in as many partitions as the input has. */
    static <K, A> JavaRDD<Row> fold(JavaRDD<Row> input, HashFold<K, A> f) {
        int partitions = Math.max(1, input.getNumPartitions());
        return input.mapPartitionsToPair((Iterator<Row> rows) -> {
                    Map<K, A> folded = new HashMap<>();
                    while (rows.hasNext()) {
                        Row r = rows.next();
                        folded.merge(f.key(r), f.of(r), f::merge);
                    }
                    return folded.entrySet().stream().map(e -> new Tuple2<>(e.getKey(), e.getValue())).iterator();
                })
                .partitionBy(new HashPartitioner(partitions))
                .mapPartitions((Iterator<Tuple2<K, A>> parts) -> {
                    Map<K, A> folded = new HashMap<>();
                    while (parts.hasNext()) {
                        Tuple2<K, A> t = parts.next();
                        folded.merge(t._1(), t._2(), f::merge);
                    }
                    return folded.entrySet().stream().map(e -> f.toRow(e.getKey(), e.getValue())).iterator();
                });
    }
}
