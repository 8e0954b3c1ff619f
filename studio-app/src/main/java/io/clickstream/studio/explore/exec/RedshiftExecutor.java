package io.clickstream.studio.explore.exec;

import io.clickstream.studio.explore.sql.BoundQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/**
 * Runs Redshift SQL through the Redshift Data API: {@code ExecuteStatement} with the bound values as named
 * parameters {@code p1, p2, ...} (the API passes them as text; the SQL casts numbers back),
 * {@code DescribeStatement} every {@code pollInterval} until it ends, then {@code GetStatementResult} page by
 * page. Cancel and timeout call {@code CancelStatement}. Serverless ({@code workgroupName}) or a provisioned
 * cluster ({@code clusterIdentifier}), authenticated by a Secrets Manager secret or a database user.
 */
public final class RedshiftExecutor implements QueryExecutor {

    /**
     * @param workgroupName     Redshift Serverless workgroup, or null
     * @param clusterIdentifier provisioned cluster, or null
     * @param database          database name
     * @param secretArn         secret with the database credentials, or null
     * @param dbUser            database user for temporary credentials (provisioned clusters), or null
     * @param pollInterval      time between status checks
     */
    public record Settings(String workgroupName, String clusterIdentifier, String database, String secretArn,
                           String dbUser, Duration pollInterval) {
    }

    private final RedshiftDataClient redshift;
    private final Settings settings;

    public RedshiftExecutor(RedshiftDataClient redshift, Settings settings) {
        this.redshift = redshift;
        this.settings = settings;
    }

    @Override
    public ResultTable execute(BoundQuery query, QueryControl control) {
        control.checkNotCancelled();
        long deadline = System.nanoTime() + control.timeout().toNanos();
        String id;
        try {
            ExecuteStatementRequest.Builder request = ExecuteStatementRequest.builder()
                    .sql(query.sql())
                    .database(settings.database())
                    .workgroupName(settings.workgroupName())
                    .clusterIdentifier(settings.clusterIdentifier())
                    .secretArn(settings.secretArn())
                    .dbUser(settings.dbUser());
            if (!query.parameters().isEmpty()) {
                List<SqlParameter> parameters = new ArrayList<>();
                for (int i = 0; i < query.parameters().size(); i++) {
                    parameters.add(SqlParameter.builder().name("p" + (i + 1))
                            .value(String.valueOf(text(query.parameters().get(i)))).build());
                }
                request.parameters(parameters);
            }
            id = redshift.executeStatement(request.build()).id();
        } catch (SdkException e) {
            throw new QueryFailure(QueryFailure.Reason.FAILED, "Redshift did not take the statement: " + e.getMessage(), e);
        }
        control.onCancel(() -> cancel(id));
        try {
            awaitFinished(id, control, deadline);
            return results(id, control);
        } catch (SdkException e) {
            throw new QueryFailure(QueryFailure.Reason.FAILED, "Redshift statement " + id + " failed: " + e.getMessage(), e);
        } finally {
            control.done();
        }
    }

    private static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).toPlainString();
        }
        return String.valueOf(value);
    }

    private void awaitFinished(String id, QueryControl control, long deadline) {
        while (true) {
            DescribeStatementResponse statement = redshift.describeStatement(r -> r.id(id));
            StatusString status = statement.status();
            if (status == StatusString.FINISHED) {
                return;
            }
            if (status == StatusString.FAILED) {
                throw new QueryFailure(QueryFailure.Reason.FAILED, "Redshift statement " + id + " failed: "
                        + statement.error(), null);
            }
            if (status == StatusString.ABORTED || control.isCancelled()) {
                throw new QueryFailure(QueryFailure.Reason.CANCELLED, "the query was cancelled", null);
            }
            if (System.nanoTime() - deadline > 0) {
                cancel(id);
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
            GetStatementResultResponse page = redshift.getStatementResult(r -> r.id(id).nextToken(pageToken));
            if (first) {
                for (ColumnMetadata column : page.columnMetadata()) {
                    columns.add(column.name());
                    types.add(column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT));
                }
                first = false;
            }
            for (List<Field> record : page.records()) {
                List<Object> row = new ArrayList<>(record.size());
                for (int c = 0; c < record.size(); c++) {
                    row.add(value(c < types.size() ? types.get(c) : "", record.get(c)));
                }
                rows.add(row);
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new ResultTable(columns, rows);
    }

    static Object value(String type, Field field) {
        if (Boolean.TRUE.equals(field.isNull())) {
            return null;
        }
        if (field.longValue() != null) {
            return field.longValue();
        }
        if (field.doubleValue() != null) {
            return field.doubleValue();
        }
        if (field.booleanValue() != null) {
            return field.booleanValue();
        }
        String text = field.stringValue();
        if (text == null) {
            return null;
        }
        return switch (type) {
            case "date" -> LocalDate.parse(text);
            case "numeric", "decimal" -> ResultTable.normalize(new BigDecimal(text));
            case "int2", "int4", "int8" -> Long.parseLong(text);
            case "float4", "float8" -> Double.parseDouble(text);
            default -> text;
        };
    }

    private void cancel(String id) {
        try {
            redshift.cancelStatement(r -> r.id(id));
        } catch (SdkException ignored) {
            // Already over, or the Data API unreachable: the statement ends on its own either way.
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailure(QueryFailure.Reason.CANCELLED, "interrupted while waiting for Redshift", e);
        }
    }
}
