package io.clickstream.studio.explore.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.studio.explore.sql.BoundQuery;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/** The Athena executor against a local endpoint that checks the requests the AWS SDK sends and replays answers. */
class AthenaExecutorTest {

    static final BoundQuery QUERY = new BoundQuery("SELECT event_date, COUNT(*) AS c FROM \"clickstream\".\"event\" "
            + "WHERE app_id = ? AND event_value > CAST(? AS DOUBLE) AND event_time_msec > ? GROUP BY event_date",
            Arrays.asList("it's-shop", 2.5, 86_400_000L));

    FakeAwsJsonEndpoint athena;
    AthenaExecutor executor;

    @BeforeEach
    void start() throws Exception {
        athena = new FakeAwsJsonEndpoint("AmazonAthena");
        AthenaClient client = AthenaClient.builder().endpointOverride(athena.uri()).region(Region.EU_WEST_1)
                .credentialsProvider(FakeAwsJsonEndpoint.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        executor = new AthenaExecutor(client, new AthenaExecutor.Settings("analytics", "AwsDataCatalog", "clickstream",
                "s3://results-bucket/athena/", Duration.ofMillis(10)));
    }

    @AfterEach
    void stop() {
        athena.close();
    }

    static String status(String state) {
        return "{\"QueryExecution\":{\"QueryExecutionId\":\"qe-1\",\"Query\":\"SELECT ...\",\"StatementType\":\"DML\","
                + "\"Status\":{\"State\":\"" + state + "\",\"SubmissionDateTime\":1.7648E9},"
                + "\"WorkGroup\":\"analytics\"}}";
    }

    static final String COLUMNS = "\"ResultSetMetadata\":{\"ColumnInfo\":["
            + "{\"CatalogName\":\"hive\",\"Name\":\"event_date\",\"Label\":\"event_date\",\"Type\":\"date\",\"Precision\":0,\"Scale\":0,\"Nullable\":\"UNKNOWN\",\"CaseSensitive\":false},"
            + "{\"CatalogName\":\"hive\",\"Name\":\"c\",\"Label\":\"c\",\"Type\":\"bigint\",\"Precision\":19,\"Scale\":0,\"Nullable\":\"UNKNOWN\",\"CaseSensitive\":false}]}";

    @Test
    void starts_polls_and_reads_every_page_of_results() {
        athena.on("StartQueryExecution", "{\"QueryExecutionId\":\"qe-1\"}")
                .on("GetQueryExecution", status("QUEUED"), status("RUNNING"), status("RUNNING"), status("SUCCEEDED"))
                .on("GetQueryResults",
                        "{\"UpdateCount\":0,\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"event_date\"},"
                                + "{\"VarCharValue\":\"c\"}]},{\"Data\":[{\"VarCharValue\":\"2026-11-01\"},{\"VarCharValue\":\"12\"}]},"
                                + "{\"Data\":[{\"VarCharValue\":\"2026-11-02\"},{}]}]," + COLUMNS + "},\"NextToken\":\"page-2\"}",
                        "{\"UpdateCount\":0,\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"2026-11-03\"},"
                                + "{\"VarCharValue\":\"7\"}]}]," + COLUMNS + "}}");

        ResultTable table = executor.execute(QUERY, new QueryControl(Duration.ofSeconds(10)));

        assertThat(table.columns()).containsExactly("event_date", "c");
        assertThat(table.rows()).containsExactly(
                List.of(LocalDate.of(2026, 11, 1), 12L), Arrays.asList(LocalDate.of(2026, 11, 2), null),
                List.of(LocalDate.of(2026, 11, 3), 7L));
        FakeAwsJsonEndpoint.Request start = athena.requests("StartQueryExecution").get(0);
        assertThat(start.contentType()).startsWith("application/x-amz-json-1.1");
        assertThat(start.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-west-1/athena/");
        assertThat(start.body().get("QueryString").asText()).isEqualTo(QUERY.sql());
        List<String> parameters = new ArrayList<>();
        start.body().get("ExecutionParameters").forEach(v -> parameters.add(v.asText()));
        assertThat(parameters).containsExactly("'it''s-shop'", "2.5", "86400000");
        assertThat(start.body().get("WorkGroup").asText()).isEqualTo("analytics");
        assertThat(start.body().at("/QueryExecutionContext/Database").asText()).isEqualTo("clickstream");
        assertThat(start.body().at("/QueryExecutionContext/Catalog").asText()).isEqualTo("AwsDataCatalog");
        assertThat(start.body().at("/ResultConfiguration/OutputLocation").asText()).isEqualTo("s3://results-bucket/athena/");
        assertThat(start.body().get("ClientRequestToken").asText()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(athena.requests("GetQueryExecution")).hasSize(4)
                .allSatisfy(r -> assertThat(r.body().get("QueryExecutionId").asText()).isEqualTo("qe-1"));
        List<FakeAwsJsonEndpoint.Request> pages = athena.requests("GetQueryResults");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).body().has("NextToken")).isFalse();
        assertThat(pages.get(0).body().get("MaxResults").asInt()).isEqualTo(1000);
        assertThat(pages.get(1).body().get("NextToken").asText()).isEqualTo("page-2");
        assertThat(athena.requests("StopQueryExecution")).isEmpty();
    }

    @Test
    void reports_athenas_reason_when_the_query_fails() {
        athena.on("StartQueryExecution", "{\"QueryExecutionId\":\"qe-1\"}")
                .on("GetQueryExecution", status("RUNNING"), "{\"QueryExecution\":{\"QueryExecutionId\":\"qe-1\",\"Status\":"
                        + "{\"State\":\"FAILED\",\"StateChangeReason\":\"COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved\","
                        + "\"AthenaError\":{\"ErrorCategory\":2,\"ErrorType\":1006,\"Retryable\":false,\"ErrorMessage\":"
                        + "\"COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved\"}}}}");

        assertThatThrownBy(() -> executor.execute(QUERY, new QueryControl(Duration.ofSeconds(10))))
                .isInstanceOfSatisfying(QueryFailure.class, f -> assertThat(f.reason()).isEqualTo(QueryFailure.Reason.FAILED))
                .hasMessageContaining("COLUMN_NOT_FOUND");
        assertThat(athena.requests("GetQueryResults")).isEmpty();
    }

    @Test
    void retries_a_server_error_and_gives_up_on_a_refused_request() throws Exception {
        athena.answer("StartQueryExecution", 500, "{\"__type\":\"InternalServerException\",\"Message\":\"internal error\"}")
                .on("StartQueryExecution", "{\"QueryExecutionId\":\"qe-1\"}")
                .on("GetQueryExecution", status("SUCCEEDED"))
                .on("GetQueryResults", "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"event_date\"},"
                        + "{\"VarCharValue\":\"c\"}]}]," + COLUMNS + "}}");
        assertThat(executor.execute(QUERY, new QueryControl(Duration.ofSeconds(10))).rows()).isEmpty();
        assertThat(athena.requests("StartQueryExecution")).hasSize(2);

        athena.close();
        try (FakeAwsJsonEndpoint refusing = new FakeAwsJsonEndpoint("AmazonAthena")) {
            refusing.answer("StartQueryExecution", 400, "{\"__type\":\"InvalidRequestException\",\"Message\":"
                    + "\"Queries of this type are not supported\",\"AthenaErrorCode\":\"INVALID_INPUT\"}");
            AthenaExecutor refused = new AthenaExecutor(AthenaClient.builder().endpointOverride(refusing.uri())
                    .region(Region.EU_WEST_1).credentialsProvider(FakeAwsJsonEndpoint.CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create()).build(),
                    new AthenaExecutor.Settings("analytics", "AwsDataCatalog", "clickstream", null, Duration.ofMillis(10)));
            assertThatThrownBy(() -> refused.execute(QUERY, new QueryControl(Duration.ofSeconds(10))))
                    .isInstanceOf(QueryFailure.class).hasMessageContaining("Queries of this type are not supported");
            assertThat(refusing.requests("StartQueryExecution")).hasSize(1);
            assertThat(refusing.requests("StartQueryExecution").get(0).body().has("ResultConfiguration")).isFalse();
        }
    }

    @Test
    void cancel_stops_the_running_query() throws Exception {
        athena.on("StartQueryExecution", "{\"QueryExecutionId\":\"qe-9\"}")
                .on("GetQueryExecution", status("RUNNING"))
                .on("StopQueryExecution", "{}");
        QueryControl control = new QueryControl(Duration.ofSeconds(30));
        CompletableFuture<ResultTable> running = CompletableFuture.supplyAsync(() -> executor.execute(QUERY, control));
        while (athena.requests("GetQueryExecution").size() < 3) {
            Thread.sleep(5);
        }
        control.cancel();
        assertThatThrownBy(running::join).hasCauseInstanceOf(QueryFailure.class)
                .cause().extracting(e -> ((QueryFailure) e).reason()).isEqualTo(QueryFailure.Reason.CANCELLED);
        assertThat(athena.requests("StopQueryExecution")).singleElement()
                .satisfies(r -> assertThat(r.body().get("QueryExecutionId").asText()).isEqualTo("qe-9"));
    }

    @Test
    void a_query_past_its_timeout_is_stopped() {
        athena.on("StartQueryExecution", "{\"QueryExecutionId\":\"qe-5\"}")
                .on("GetQueryExecution", status("RUNNING"))
                .on("StopQueryExecution", "{}");
        assertThatThrownBy(() -> executor.execute(QUERY, new QueryControl(Duration.ofMillis(200))))
                .isInstanceOfSatisfying(QueryFailure.class, f -> assertThat(f.reason()).isEqualTo(QueryFailure.Reason.TIMEOUT));
        assertThat(athena.requests("StopQueryExecution")).singleElement()
                .satisfies(r -> assertThat(r.body().get("QueryExecutionId").asText()).isEqualTo("qe-5"));
    }
}
