package io.clickstream.etl.io;

import io.clickstream.etl.SparkSchemas;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.RebaseDateTime;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.internal.LegacyBehaviorPolicy;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Reads and writes the lake's Parquet files on the calling thread, without a Spark job: rows in Spark's internal form
 * through Spark's own Parquet converters ({@link ParquetReadSupport}, {@link ParquetWriteSupport}), so a file written
 * here is the file a Spark task writes for the same rows (same Parquet schema and types, microsecond timestamps,
 * Snappy, Spark's schema in the footer), and a file read here gives the rows a Spark scan gives. A micro pass
 * ({@code DriverPass}) models its few rows with it; scheduling a job costs more than the work of such a pass.
 */
public final class ParquetFiles {

    private final Configuration conf;

    /** @param hadoop the lake's Hadoop settings (file systems, S3A); copied, not changed */
    public ParquetFiles(Configuration hadoop) {
        conf = new Configuration(hadoop);
        // What Spark's Parquet source sets for its readers and writers (the keys must be present: the converters
        // read them without defaults).
        conf.set(SQLConf.PARQUET_WRITE_LEGACY_FORMAT().key(), "false");
        conf.set(SQLConf.PARQUET_OUTPUT_TIMESTAMP_TYPE().key(), "TIMESTAMP_MICROS");
        conf.set(SQLConf.PARQUET_FIELD_ID_WRITE_ENABLED().key(), "false");
        conf.set(SQLConf.PARQUET_BINARY_AS_STRING().key(), "false");
        conf.set(SQLConf.PARQUET_INT96_AS_TIMESTAMP().key(), "true");
        conf.set(SQLConf.CASE_SENSITIVE().key(), "false");
        conf.set(SQLConf.PARQUET_INFER_TIMESTAMP_NTZ_ENABLED().key(), "true");
        conf.set(SQLConf.LEGACY_PARQUET_NANOS_AS_LONG().key(), "false");
        conf.set(SQLConf.NESTED_SCHEMA_PRUNING_ENABLED().key(), "true");
    }

    /**
     * Calls {@code sink} with each row of a file in the columns of {@code columns} (a column the file lacks reads as
     * null); the row is reused for the next one, copy what you keep.
     */
    public void read(String uri, StructType columns, Consumer<InternalRow> sink) throws IOException {
        // One pass reads and writes on one thread: the settings are shared, the requested columns set per file.
        Configuration c = conf;
        c.set(ParquetReadSupport.SPARK_ROW_REQUESTED_SCHEMA(), columns.json());
        RebaseDateTime.RebaseSpec corrected = new RebaseDateTime.RebaseSpec(LegacyBehaviorPolicy.CORRECTED(),
                Option.empty());
        // Files written by Spark 3+ (and by this class) carry no legacy calendar marker: read them as Spark does.
        ParquetReadSupport support = new ParquetReadSupport(Option.empty(), false, corrected,
                new RebaseDateTime.RebaseSpec(LegacyBehaviorPolicy.LEGACY(), Option.empty()));
        // Not ParquetReader.builder(support, path): it starts from a new Configuration, whose options it reads, and
        // so parsed Hadoop's default XML resources again for every file (most of a micro pass's CPU).
        java.nio.file.Path local = localPath(uri);
        InputFile file = local != null ? new LocalInputFile(local) : HadoopInputFile.fromPath(new Path(uri), c);
        try (ParquetReader<InternalRow> reader = new ReaderBuilder(file, new HadoopParquetConfiguration(c), support)
                .build()) {
            for (InternalRow r = reader.read(); r != null; r = reader.read()) {
                sink.accept(r);
            }
        }
    }

    /** Every row of a file in the columns of {@code columns}, each its own copy. */
    public List<InternalRow> readAll(String uri, StructType columns) throws IOException {
        List<InternalRow> rows = new ArrayList<>();
        read(uri, columns, r -> rows.add(r.copy()));
        return rows;
    }

    /**
     * Writes rows of {@code schema} as a new file in the directory {@code dirUri}, named as a Spark task names its
     * files; columns in {@code noDictionary} are written without a dictionary. Returns the file's URI.
     */
    public String write(String dirUri, StructType schema, Iterable<InternalRow> rows, List<String> noDictionary)
            throws IOException {
        String uri = dirUri + "/part-00000-" + UUID.randomUUID() + ".c000.snappy.parquet";
        Configuration c = conf;
        ParquetWriteSupport.setSchema(schema, c);
        java.nio.file.Path local = localPath(uri);
        if (local != null) {
            // Straight to the local file system: Hadoop's would run `chmod` for the file, its checksum file and each
            // new directory (without Hadoop's native library, a process each: most of a micro pass's wall time).
            java.nio.file.Files.createDirectories(local.getParent());
        }
        Builder builder = (local != null ? new Builder(new LocalOutputFile(local)) : new Builder(new Path(uri)))
                .withConf(c)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE);
        for (String column : noDictionary) {
            if (schema.getFieldIndex(column).isDefined()) {
                builder = builder.withDictionaryEncoding(column, false);
            }
        }
        try (ParquetWriter<InternalRow> writer = builder.build()) {
            for (InternalRow r : rows) {
                writer.write(r);
            }
        }
        return uri;
    }

    /**
     * Stages rows (data columns of {@code table}) as one file of the partition {@code (appId, date)} in the run's
     * staging area, as {@link TableStore#stage} would.
     */
    public void stage(LakeFiles lake, ModeledTables.Table table, String runId, TablePartition partition,
                      List<InternalRow> rows) throws IOException {
        write(lake.uri(TableStore.stagedPartitionDir(table, runId, partition.appId(), partition.date())),
                SparkSchemas.dataColumns(table), rows, TableStore.NO_DICTIONARY_COLUMNS);
    }

    /** The local file of a {@code file:} URI (or a plain path), else null. */
    private static java.nio.file.Path localPath(String uri) {
        java.net.URI u = new Path(uri).toUri();
        return u.getScheme() == null || "file".equals(u.getScheme()) ? java.nio.file.Path.of(u.getPath()) : null;
    }

    private static final class ReaderBuilder extends ParquetReader.Builder<InternalRow> {
        private final ReadSupport<InternalRow> support;

        ReaderBuilder(InputFile file, ParquetConfiguration conf, ReadSupport<InternalRow> support) {
            super(file, conf);
            this.support = support;
        }

        @Override
        protected ReadSupport<InternalRow> getReadSupport() {
            return support;
        }
    }

    private static final class Builder extends ParquetWriter.Builder<InternalRow, Builder> {
        Builder(Path path) {
            super(path);
        }

        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<InternalRow> getWriteSupport(Configuration configuration) {
            return new ParquetWriteSupport();
        }
    }
}
