package io.clickstream.etl.io;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;

/**
 * Lakes on S3. {@code s3a://} lakes go through Hadoop's S3A connector (hadoop-aws) as configured by the session
 * ({@code spark.hadoop.fs.s3a.*}). Outside EMR, whose EMRFS serves {@code s3://}, Hadoop has no file system for the
 * {@code s3} scheme, so an {@code s3://} lake is bound to S3A as well when the connector is on the class path and
 * nothing else claimed the scheme.
 */
public final class S3Lakes {

    static final String S3A_FILE_SYSTEM = "org.apache.hadoop.fs.s3a.S3AFileSystem";

    private S3Lakes() {
    }

    /** Binds {@code s3://} to S3A in {@code conf} when the lake needs it; returns {@code conf}. */
    public static Configuration configure(Configuration conf, String lake) {
        String scheme = URI.create(lake.replace(" ", "%20")).getScheme();
        if ("s3".equals(scheme) && conf.get("fs.s3.impl") == null && s3aAvailable()) {
            conf.set("fs.s3.impl", S3A_FILE_SYSTEM);
        }
        return conf;
    }

    static boolean s3aAvailable() {
        try {
            Class.forName(S3A_FILE_SYSTEM, false, S3Lakes.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
