package io.clickstream.studio.explore.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.studio.explore.sql.BoundQuery;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/** The Redshift Data API executor against a local endpoint that checks the SDK's requests and replays answers. */
class RedshiftExecutorTest {

    static final BoundQuery QUERY = new BoundQuery("SELECT event_date, platform, COUNT(*), AVG(event_value) FROM "
            + "\"clickstream\".\"event\" WHERE app_id = :p1 AND event_value > CAST(:p2 AS DOUBLE PRECISION) "
            + "AND event_time_msec > CAST(:p3 AS BIGINT) GROUP BY 1, 2", Arrays.asList("shop", 2.5, 86_400_000L));

    FakeAwsJsonEndpoint redshift;
    RedshiftExecutor executor;

    @BeforeEach
    void start() throws Exception {
        redshift = new FakeAwsJsonEndpoint("RedshiftData");
        RedshiftDataClient client = RedshiftDataClient.builder().endpointOverride(redshift.uri())
                .region(Region.US_EAST_1).credentialsProvider(FakeAwsJsonEndpoint.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        executor = new RedshiftExecutor(client, new RedshiftExecutor.Settings("clickstream-wg", null, "dev",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:studio-AbCdEf", null, Duration.ofMillis(10)));
    }

    @AfterEach
    void stop() {
        redshift.close();
    }

    static String described(String status) {
        return "{\"Id\":\"st-1\",\"Status\":\"" + status + "\",\"HasResultSet\":true,\"ResultRows\":3,"
                + "\"Database\":\"dev\",\"WorkgroupName\":\"clickstream-wg\",\"CreatedAt\":1.7648E9,\"UpdatedAt\":1.7648E9}";
    }

    static final String COLUMNS = "\"ColumnMetadata\":[{\"name\":\"event_date\",\"typeName\":\"date\",\"nullable\":1},"
            + "{\"name\":\"platform\",\"typeName\":\"varchar\",\"nullable\":1},{\"name\":\"count\",\"typeName\":\"int8\"},"
            + "{\"name\":\"avg\",\"typeName\":\"float8\"}]";

    @Test
    void executes_with_named_text_parameters_polls_and_reads_every_page() {
        redshift.on("ExecuteStatement", "{\"Id\":\"st-1\",\"Database\":\"dev\",\"WorkgroupName\":\"clickstream-wg\","
                        + "\"CreatedAt\":1.7648E9}")
                .on("DescribeStatement", described("SUBMITTED"), described("PICKED"), described("STARTED"),
                        described("FINISHED"))
                .on("GetStatementResult",
                        "{\"Records\":[[{\"stringValue\":\"2026-11-01\"},{\"stringValue\":\"Web\"},{\"longValue\":12},"
                                + "{\"doubleValue\":3.25}],[{\"stringValue\":\"2026-11-01\"},{\"isNull\":true},{\"longValue\":2},"
                                + "{\"isNull\":true}]]," + COLUMNS + ",\"TotalNumRows\":3,\"NextToken\":\"next-1\"}",
                        "{\"Records\":[[{\"stringValue\":\"2026-11-02\"},{\"stringValue\":\"iOS\"},{\"longValue\":1},"
                                + "{\"doubleValue\":1.0}]]," + COLUMNS + ",\"TotalNumRows\":3}");

        ResultTable table = executor.execute(QUERY, new QueryControl(Duration.ofSeconds(10)));

        assertThat(table.columns()).containsExactly("event_date", "platform", "count", "avg");
        assertThat(table.rows()).containsExactly(List.of(LocalDate.of(2026, 11, 1), "Web", 12L, 3.25),
                Arrays.asList(LocalDate.of(2026, 11, 1), null, 2L, null), List.of(LocalDate.of(2026, 11, 2), "iOS", 1L, 1.0));
        FakeAwsJsonEndpoint.Request execute = redshift.requests("ExecuteStatement").get(0);
        assertThat(execute.authorization()).contains("/us-east-1/redshift-data/");
        assertThat(execute.body().get("Sql").asText()).isEqualTo(QUERY.sql());
        assertThat(execute.body().get("Database").asText()).isEqualTo("dev");
        assertThat(execute.body().get("WorkgroupName").asText()).isEqualTo("clickstream-wg");
        assertThat(execute.body().get("SecretArn").asText()).endsWith(":secret:studio-AbCdEf");
        assertThat(execute.body().has("ClusterIdentifier")).isFalse();
        assertThat(execute.body().get("Parameters").toString()).isEqualTo(
                "[{\"name\":\"p1\",\"value\":\"shop\"},{\"name\":\"p2\",\"value\":\"2.5\"},{\"name\":\"p3\",\"value\":\"86400000\"}]");
        assertThat(redshift.requests("DescribeStatement")).hasSize(4)
                .allSatisfy(r -> assertThat(r.body().get("Id").asText()).isEqualTo("st-1"));
        List<FakeAwsJsonEndpoint.Request> pages = redshift.requests("GetStatementResult");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).body().has("NextToken")).isFalse();
        assertThat(pages.get(1).body().get("NextToken").asText()).isEqualTo("next-1");
    }

    @Test
    void reports_the_error_of_a_failed_statement() {
        redshift.on("ExecuteStatement", "{\"Id\":\"st-1\"}")
                .on("DescribeStatement", described("STARTED"), "{\"Id\":\"st-1\",\"Status\":\"FAILED\",\"Error\":"
                        + "\"ERROR: column \\\"x\\\" does not exist\",\"HasResultSet\":false}");
        assertThatThrownBy(() -> executor.execute(QUERY, new QueryControl(Duration.ofSeconds(10))))
                .isInstanceOfSatisfying(QueryFailure.class, f -> assertThat(f.reason()).isEqualTo(QueryFailure.Reason.FAILED))
                .hasMessageContaining("column \"x\" does not exist");
        assertThat(redshift.requests("GetStatementResult")).isEmpty();
    }

    @Test
    void a_refused_statement_is_a_failure_with_the_services_message() {
        redshift.answer("ExecuteStatement", 400, "{\"__type\":\"ValidationException\",\"message\":"
                + "\"Either ClusterIdentifier or WorkgroupName must be specified\"}");
        assertThatThrownBy(() -> executor.execute(QUERY, new QueryControl(Duration.ofSeconds(10))))
                .isInstanceOf(QueryFailure.class).hasMessageContaining("WorkgroupName must be specified");
        assertThat(redshift.requests("ExecuteStatement")).hasSize(1);
    }

    @Test
    void cancel_and_timeout_cancel_the_statement() throws Exception {
        redshift.on("ExecuteStatement", "{\"Id\":\"st-7\"}").on("DescribeStatement", described("STARTED"))
                .on("CancelStatement", "{\"Status\":true}");
        QueryControl control = new QueryControl(Duration.ofSeconds(30));
        CompletableFuture<ResultTable> running = CompletableFuture.supplyAsync(() -> executor.execute(QUERY, control));
        while (redshift.requests("DescribeStatement").size() < 2) {
            Thread.sleep(5);
        }
        control.cancel();
        assertThatThrownBy(running::join).cause().isInstanceOfSatisfying(QueryFailure.class,
                f -> assertThat(f.reason()).isEqualTo(QueryFailure.Reason.CANCELLED));
        assertThat(redshift.requests("CancelStatement")).singleElement()
                .satisfies(r -> assertThat(r.body().get("Id").asText()).isEqualTo("st-7"));

        assertThatThrownBy(() -> executor.execute(QUERY, new QueryControl(Duration.ofMillis(150))))
                .isInstanceOfSatisfying(QueryFailure.class, f -> assertThat(f.reason()).isEqualTo(QueryFailure.Reason.TIMEOUT));
        assertThat(redshift.requests("CancelStatement")).hasSize(2);
    }
}
