package io.clickstream.ingestion.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where finished raw batches end up: a local lake directory or an object store. A destination makes the batch
 * visible under {@code raw/app_id=<app>/date=<date>/hour=<hh>/<fileName>} all at once (rename, or a single object
 * write), and only returns once it is durable there.
 */
public interface BatchDestination {

    /**
     * Publishes a finished batch file and takes ownership of it: the local file is gone (moved or deleted) after a
     * successful return, and untouched after a failure. Publishing the same name again replaces it with the same
     * lines (what happens when a crash interrupts the hand-over).
     */
    void publish(Path batch, String appId, LocalDate date, int hour, String fileName) throws IOException;

    /** Where batches go, for logs. */
    String describe();
}
