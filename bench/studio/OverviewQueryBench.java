import io.clickstream.model.LakeLayout;
import io.clickstream.studio.overview.Overview;
import io.clickstream.studio.overview.OverviewService;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.stream.Stream;

/**
 * Times the studio's Overview (four DuckDB queries over the modeled event table) on a generated lake of
 * {@code runs} ETL-like appends of {@code rowsPerRun} events each, spread over 30 days: few big files versus many
 * small ones. Usage: OverviewQueryBench <lake dir> <runs> <rows per run>
 */
public class OverviewQueryBench {

    public static void main(String[] args) throws Exception {
        Path lake = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int rowsPerRun = Integer.parseInt(args[2]);
        Files.createDirectories(lake.resolve("modeled"));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            for (int run = 0; run < runs; run++) {
                statement.execute("COPY (SELECT 'demo' AS app_id, current_date - (i % 30)::INT AS event_date, "
                        + "(['page_view','page_view','session_start','add_to_cart','purchase','scroll','search'])"
                        + "[1 + (hash(i + " + run + ") % 7)::INT] AS event_name, "
                        + "'user-' || (hash(i * 3 + " + run + ") % 2000) AS user_pseudo_id, "
                        + "'sess-' || " + run + " || '-' || (i / 5) AS session_id, uuid()::VARCHAR AS event_id, "
                        + "now()::TIMESTAMP AS event_timestamp FROM range(" + rowsPerRun + ") t(i)) TO '" + lake
                        + "/modeled/event' (FORMAT parquet, PARTITION_BY (app_id, event_date), APPEND)");
            }
        }
        OverviewService overview = overviewService(lake);
        long files;
        try (Stream<Path> walk = Files.walk(lake)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).count();
        }
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            Overview result = overview.overview("demo");
            System.out.printf("overview of %d events in %d parquet files: %.0f ms%n",
                    result.totals().events(), files, (System.nanoTime() - start) / 1e6);
        }
    }

    /** The studio wires these with Spring; their constructors are package-private, hence reflection here. */
    private static OverviewService overviewService(Path lake) throws Exception {
        Class<?> databaseClass = Class.forName("io.clickstream.studio.query.DuckDbDatabase");
        Class<?> queriesClass = Class.forName("io.clickstream.studio.query.EventQueries");
        Object database = accessible(databaseClass.getDeclaredConstructor()).newInstance();
        Object queries = accessible(queriesClass.getDeclaredConstructor(databaseClass, LakeLayout.class))
                .newInstance(database, new LakeLayout(lake.toString()));
        return (OverviewService) accessible(OverviewService.class.getDeclaredConstructor(queriesClass, Clock.class))
                .newInstance(queries, Clock.systemUTC());
    }

    private static <T> Constructor<T> accessible(Constructor<T> constructor) {
        constructor.setAccessible(true);
        return constructor;
    }
}
