package io.clickstream.studio.explore.sql;

import io.clickstream.model.ModeledTables;
import java.util.regex.Pattern;

/**
 * Explorations in Redshift's SQL over the modeled tables in {@code schema} ({@code app_id} VARCHAR,
 * {@code event_date} DATE, string maps as JSON text in VARCHAR columns). Placeholders are the Data API's named
 * parameters {@code :p1, :p2, ...}, which it passes as text: numbers are cast back in the statement.
 */
public final class RedshiftSql extends ExplorationSql {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,126}");

    private final String schema;

    public RedshiftSql(String schema) {
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a Redshift schema name: " + schema);
        }
        this.schema = schema;
    }

    @Override
    public Dialect dialect() {
        return Dialect.REDSHIFT;
    }

    @Override
    protected String placeholder(int index, Object value) {
        String name = ":p" + index;
        if (value instanceof Double || value instanceof Float) {
            return "CAST(" + name + " AS DOUBLE PRECISION)";
        }
        if (value instanceof Number) {
            return "CAST(" + name + " AS BIGINT)";
        }
        return name;
    }

    @Override
    protected String source(ModeledTables.Table table, String appId, Binder binder) {
        return "\"" + schema + "\".\"" + table.tableName() + "\"";
    }

    @Override
    protected String mapValue(String mapColumn, String keyPlaceholder) {
        // Redshift answers '' for a missing key (PostgreSQL NULL): both become NULL, and so does an empty value.
        return "NULLIF(json_extract_path_text(" + mapColumn + ", " + keyPlaceholder + "), '')";
    }

    @Override
    protected String toNumber(String textExpression) {
        // Redshift has no TRY_CAST: cast only what is a plain decimal number. ('' is what a missing key gives.)
        return "CASE WHEN " + textExpression + " ~ '^[-+]?[0-9]+([.][0-9]+)?$' THEN CAST(" + textExpression
                + " AS DOUBLE PRECISION) END";
    }

    @Override
    protected String doubleType() {
        return "DOUBLE PRECISION";
    }
}
