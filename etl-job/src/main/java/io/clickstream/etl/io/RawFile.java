package io.clickstream.etl.io;

import java.io.Serializable;

/**
 * One finished raw batch found under {@code raw/app_id=<app>/date=<date>/hour=<hh>/}.
 *
 * @param uri      fully qualified location, as Hadoop opens it
 * @param relative path below the lake root; the key under which the checkpoint remembers it
 * @param appId    the app of its partition
 * @param date     its UTC ingest date ({@code YYYY-MM-DD}), where its quarantine records go
 * @param size     bytes, for balancing tasks
 */
public record RawFile(String uri, String relative, String appId, String date, long size) implements Serializable {
}
