package io.clickstream.studio.explore.exec;

import io.clickstream.studio.explore.sql.BoundQuery;

/** Runs one statement of its engine's dialect and returns all its rows. */
public interface QueryExecutor {

    /**
     * @throws QueryFailure when cancelled through {@code control}, past {@code control.timeout()}, or failed
     */
    ResultTable execute(BoundQuery query, QueryControl control);
}
