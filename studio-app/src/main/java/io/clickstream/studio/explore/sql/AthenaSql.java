package io.clickstream.studio.explore.sql;

import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.model.Granularity;
import java.util.regex.Pattern;

/**
 * Explorations in Athena's SQL (Trino) over the Glue tables of the modeled lake: one table per modeled table in
 * {@code database}, partitioned by {@code app_id} (string) and {@code event_date} (date), string maps as
 * {@code map(varchar, varchar)}. Placeholders are {@code ?}, filled from Athena's execution parameters.
 */
public final class AthenaSql extends ExplorationSql {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final String database;

    public AthenaSql(String database) {
        if (!IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("not a Glue database name: " + database);
        }
        this.database = database;
    }

    @Override
    public Dialect dialect() {
        return Dialect.ATHENA;
    }

    @Override
    protected String placeholder(int index, Object value) {
        return "?";
    }

    @Override
    protected String source(ModeledTables.Table table, String appId, Binder binder) {
        return "\"" + database + "\".\"" + table.tableName() + "\"";
    }

    @Override
    protected String mapValue(String mapColumn, String keyPlaceholder) {
        return "element_at(" + mapColumn + ", " + keyPlaceholder + ")";
    }

    @Override
    protected String toNumber(String textExpression) {
        return "TRY_CAST(" + textExpression + " AS DOUBLE)";
    }

    @Override
    protected String doubleType() {
        return "DOUBLE";
    }

    @Override
    protected String page(int limit, int offset) {
        // Trino takes OFFSET before LIMIT.
        return "OFFSET " + offset + " LIMIT " + limit;
    }

    @Override
    protected String dayDiff(String from, String to) {
        return "date_diff('day', " + from + ", " + to + ")";
    }

    @Override
    protected String plusDays(String date, int days) {
        return "date_add('day', " + days + ", " + date + ")";
    }

    @Override
    protected String truncate(Granularity granularity, String date) {
        return granularity == Granularity.DAY ? date : "date_trunc('" + granularity.name().toLowerCase() + "', " + date + ")";
    }
}
