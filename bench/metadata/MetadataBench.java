import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.metadata.MetadataCatalog;
import io.clickstream.studio.metadata.MetadataKind;
import io.clickstream.studio.metadata.MetadataPage;
import io.clickstream.studio.metadata.MetadataQuery;
import io.clickstream.studio.metadata.MetadataScanProperties;
import io.clickstream.studio.metadata.MetadataScanScheduler;
import io.clickstream.studio.metadata.MetadataScanner;
import io.clickstream.studio.metadata.MetadataService;
import io.clickstream.studio.metadata.ModeledLakeReader;
import io.clickstream.studio.metadata.ParameterMetadata;
import io.clickstream.studio.metadata.ScanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The metadata manager with 10,000 event parameters: the scan (first, incremental, unchanged) over a generated lake,
 * and the calls the Parameters grid's lazy data provider makes (count + page) when it opens, pages, sorts and
 * searches. Usage: MetadataBench <work dir> [events] [event names] [parameters per event]
 */
public class MetadataBench {

    static final String APP = "bench";

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int names = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int perEvent = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        LakeLayout lake = new LakeLayout(work.resolve("lake").toString());
        LocalDate today = LocalDate.now();

        long start = System.nanoTime();
        write(lake, events, names, perEvent, today, 30, "first");
        System.out.printf("lake: %,d events of %d names with %d parameters each (%,d parameters), 30 days: "
                + "written in %.1f s%n", events, names, perEvent, names * perEvent, seconds(start));

        Clock clock = Clock.systemUTC();
        try (MetadataStore store = SqliteMetadataStore.open(work.resolve("metadata.db"));
             ModeledLakeReader reader = new ModeledLakeReader(lake)) {
            MetadataScanner scanner = new MetadataScanner(store, reader, clock);
            MetadataCatalog catalog = new MetadataCatalog(store, clock);
            MetadataScanScheduler scans = new MetadataScanScheduler(scanner, catalog, () -> null,
                    new MetadataScanProperties(false, Duration.ofMinutes(1), Duration.ofSeconds(5)), clock);
            MetadataService service = new MetadataService(store, catalog, scans, scanner, new AppRepository(store),
                    clock);
            TestingAuthenticationToken analyst = new TestingAuthenticationToken("bench", "n/a", "ROLE_Analyst");
            analyst.setAuthenticated(true);
            SecurityContextHolder.getContext().setAuthentication(analyst);

            report("first scan (whole lake)", () -> scanner.scan(APP, () -> false));
            report("scan, nothing new", () -> scanner.scan(APP, () -> false));
            write(lake, 2_000, names, perEvent, today, 1, "append");
            report("scan after one ETL append (2,000 events in today's partition)", () -> scanner.scan(APP, () -> false));

            // What the Parameters grid does: a count, then the first page (size 100), on opening.
            catalog.invalidate(APP);
            MetadataQuery byName = new MetadataQuery("", "name", false, null);
            time("grid opens: count + first page (store read of every parameter, sort by name)", () -> {
                int total = service.page(APP, MetadataKind.PARAMETERS, byName, 0, 0).total();
                return total + " parameters, first " + names(service.page(APP, MetadataKind.PARAMETERS, byName, 0, 100));
            });
            time("grid opens again (cached): count + first page", () ->
                    service.page(APP, MetadataKind.PARAMETERS, byName, 0, 0).total() + " parameters");
            for (int offset : new int[] {100, 5_000, 9_900}) {
                time("scroll to row " + offset + ": one page", () ->
                        names(service.page(APP, MetadataKind.PARAMETERS, byName, offset, 100)));
            }
            MetadataQuery byEvents = new MetadataQuery("", "events", true, null);
            time("sort by events, descending: count + first page", () ->
                    service.page(APP, MetadataKind.PARAMETERS, byEvents, 0, 0).total() + " rows, first "
                            + names(service.page(APP, MetadataKind.PARAMETERS, byEvents, 0, 100)));
            MetadataQuery search = new MetadataQuery("p7 event_12", "name", false, null);
            time("search \"p7 event_12\": count + first page", () ->
                    service.page(APP, MetadataKind.PARAMETERS, search, 0, 0).total() + " matches, first "
                            + names(service.page(APP, MetadataKind.PARAMETERS, search, 0, 100)));
            MetadataQuery narrow = new MetadataQuery("p49", "lastSeen", true, null);
            time("search \"p49\", sort by last seen: count + first page", () ->
                    service.page(APP, MetadataKind.PARAMETERS, narrow, 0, 0).total() + " matches, first "
                            + names(service.page(APP, MetadataKind.PARAMETERS, narrow, 0, 100)));
            scans.close();
        }
    }

    /** Writes {@code events} events over {@code days} days ending today, every event with all its parameters. */
    static void write(LakeLayout lake, int events, int names, int perEvent, LocalDate today, int days, String tag)
            throws Exception {
        Path table = Path.of(lake.modeledTable(ModeledTables.EVENT));
        Files.createDirectories(table);
        StringBuilder columns = new StringBuilder();
        for (ModeledTables.Column column : ModeledTables.EVENT.columns()) {
            String value = switch (column.name()) {
                case "event_id" -> "uuid()::VARCHAR";
                case "event_name" -> "'event_' || (i % " + names + ")";
                case "event_timestamp" -> "(DATE '" + today + "' - ((i % " + days + ")::INT)) + INTERVAL (i % 86400) SECOND";
                case "event_time_msec" -> "epoch_ms((DATE '" + today + "' - ((i % " + days + ")::INT)) + INTERVAL (i % 86400) SECOND)";
                case "user_pseudo_id" -> "'user-' || (hash(i) % 5000)";
                case "session_id" -> "'s-' || (i / 7)";
                case "page_url" -> "'https://shop.example/p/' || (i % 500)";
                // Each event name has its own parameters p0..pN: names x perEvent distinct (event, parameter) pairs.
                case "custom_parameters" -> "map_from_entries(list_transform(range(" + perEvent + "), "
                        + "lambda k: struct_pack(key := 'p' || k, value := CASE WHEN k % 3 = 0 THEN (i % 97)::VARCHAR "
                        + "WHEN k % 3 = 1 THEN 'v' || (i % 13) ELSE ((i % 50) / 4.0)::VARCHAR END)))";
                default -> "NULL::" + duckType(column.type());
            };
            columns.append(columns.isEmpty() ? "" : ", ").append(value).append(" AS ").append(column.name());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT " + columns + ", '" + APP + "' AS app_id, "
                    + "(DATE '" + today + "' - ((i % " + days + ")::INT)) AS event_date FROM range(" + events + ") t(i)) "
                    + "TO '" + table + "' (FORMAT parquet, PARTITION_BY (app_id, event_date), APPEND, "
                    + "FILENAME_PATTERN '" + tag + "_{uuid}')");
        }
    }

    static String duckType(ModeledTables.ColumnType type) {
        return switch (type) {
            case STRING -> "VARCHAR";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case STRING_MAP -> "MAP(VARCHAR, VARCHAR)";
            case STRING_LIST -> "VARCHAR[]";
            case DATE_LIST -> "DATE[]";
            case LONG_LIST -> "BIGINT[]";
        };
    }

    static void report(String what, Supplier<ScanReport> scan) {
        long start = System.nanoTime();
        ScanReport report = scan.get();
        System.out.printf("%-62s %9.0f ms  (%s: %d partitions, %d files read, %,d items written)%n", what,
                (System.nanoTime() - start) / 1e6, report.outcome(), report.partitionsRead(), report.filesRead(),
                report.itemsWritten());
    }

    static void time(String what, Supplier<String> work) {
        long start = System.nanoTime();
        String result = work.get();
        System.out.printf("%-62s %9.1f ms  (%s)%n", what, (System.nanoTime() - start) / 1e6, result);
    }

    static String names(MetadataPage<ParameterMetadata> page) {
        return page.items().isEmpty() ? "-" : page.items().get(0).eventName() + "." + page.items().get(0).name();
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
