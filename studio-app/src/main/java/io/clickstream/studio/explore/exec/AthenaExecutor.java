package io.clickstream.studio.explore.exec;

import io.clickstream.studio.explore.sql.BoundQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * Runs Trino SQL on Athena: {@code StartQueryExecution} with the bound values as execution parameters (Athena puts
 * each in as a literal, so text is quoted here with its quotes doubled), {@code GetQueryExecution} every
 * {@code pollInterval} until it ends, then {@code GetQueryResults} page by page (the first row of the first page is
 * the header). Cancel and timeout call {@code StopQueryExecution}.
 */
public final class AthenaExecutor implements QueryExecutor {

    /**
     * @param workGroup      Athena workgroup
     * @param catalog        data catalog ({@code AwsDataCatalog})
     * @param database       Glue database of the modeled tables
     * @param outputLocation {@code s3://...} for results, or null to use the workgroup's
     * @param pollInterval   time between status checks
     */
    public record Settings(String workGroup, String catalog, String database, String outputLocation,
                           Duration pollInterval) {
    }

    private static final int PAGE_SIZE = 1000;

    private final AthenaClient athena;
    private final Settings settings;

    public AthenaExecutor(AthenaClient athena, Settings settings) {
        this.athena = athena;
        this.settings = settings;
    }

    @Override
    public ResultTable execute(BoundQuery query, QueryControl control) {
        control.checkNotCancelled();
        long deadline = System.nanoTime() + control.timeout().toNanos();
        String id;
        try {
            StartQueryExecutionRequest.Builder start = StartQueryExecutionRequest.builder()
                    .queryString(query.sql())
                    .clientRequestToken(UUID.randomUUID().toString())
                    .workGroup(settings.workGroup())
                    .queryExecutionContext(c -> c.catalog(settings.catalog()).database(settings.database()));
            if (!query.parameters().isEmpty()) {
                start.executionParameters(query.parameters().stream().map(AthenaExecutor::literal).toList());
            }
            if (settings.outputLocation() != null) {
                start.resultConfiguration(r -> r.outputLocation(settings.outputLocation()));
            }
            id = athena.startQueryExecution(start.build()).queryExecutionId();
        } catch (SdkException e) {
            throw new QueryFailure(QueryFailure.Reason.FAILED, "Athena did not start the query: " + e.getMessage(), e);
        }
        control.onCancel(() -> stop(id));
        try {
            awaitSuccess(id, control, deadline);
            return results(id, control);
        } catch (SdkException e) {
            throw new QueryFailure(QueryFailure.Reason.FAILED, "Athena query " + id + " failed: " + e.getMessage(), e);
        } finally {
            control.done();
        }
    }

    private void awaitSuccess(String id, QueryControl control, long deadline) {
        while (true) {
            QueryExecutionStatus status = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status();
            QueryExecutionState state = status.state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return;
            }
            if (state == QueryExecutionState.FAILED) {
                String reason = status.athenaError() != null && status.athenaError().errorMessage() != null
                        ? status.athenaError().errorMessage() : status.stateChangeReason();
                throw new QueryFailure(QueryFailure.Reason.FAILED, "Athena query " + id + " failed: " + reason, null);
            }
            if (state == QueryExecutionState.CANCELLED || control.isCancelled()) {
                throw new QueryFailure(QueryFailure.Reason.CANCELLED, "the query was cancelled", null);
            }
            if (System.nanoTime() - deadline > 0) {
                stop(id);
                throw new QueryFailure(QueryFailure.Reason.TIMEOUT, "the query ran longer than "
                        + control.timeout().toSeconds() + " s and was stopped", null);
            }
            sleep(settings.pollInterval());
        }
    }

    private ResultTable results(String id, QueryControl control) {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        String token = null;
        boolean first = true;
        do {
            control.checkNotCancelled();
            String pageToken = token;
            GetQueryResultsResponse page = athena.getQueryResults(r -> r.queryExecutionId(id).maxResults(PAGE_SIZE)
                    .nextToken(pageToken));
            if (first) {
                for (ColumnInfo column : page.resultSet().resultSetMetadata().columnInfo()) {
                    columns.add(column.name());
                    types.add(column.type().toLowerCase(Locale.ROOT));
                }
            }
            List<Row> pageRows = page.resultSet().rows();
            for (int i = first ? 1 : 0; i < pageRows.size(); i++) {
                List<Datum> data = pageRows.get(i).data();
                List<Object> row = new ArrayList<>(types.size());
                for (int c = 0; c < types.size(); c++) {
                    row.add(value(types.get(c), c < data.size() ? data.get(c).varCharValue() : null));
                }
                rows.add(row);
            }
            first = false;
            token = page.nextToken();
        } while (token != null);
        return new ResultTable(columns, rows);
    }

    /** An execution parameter: Athena writes it into the statement as a literal. */
    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    static Object value(String type, String text) {
        if (text == null) {
            return null;
        }
        return switch (type) {
            case "bigint", "integer", "smallint", "tinyint" -> Long.parseLong(text);
            case "double", "real", "float" -> Double.parseDouble(text);
            case "decimal" -> ResultTable.normalize(new BigDecimal(text));
            case "date" -> LocalDate.parse(text);
            case "boolean" -> Boolean.parseBoolean(text);
            default -> type.startsWith("decimal") ? ResultTable.normalize(new BigDecimal(text)) : text;
        };
    }

    private void stop(String id) {
        try {
            athena.stopQueryExecution(r -> r.queryExecutionId(id));
        } catch (SdkException ignored) {
            // Already over, or Athena unreachable: the query ends on its own either way.
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailure(QueryFailure.Reason.CANCELLED, "interrupted while waiting for Athena", e);
        }
    }
}
