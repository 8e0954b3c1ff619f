import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a metadata store (SQLite file) holding one enabled app, for the benchmarks' STORE=1 runs: the collector then
 * takes its apps with --apps-from, as one following the studio's store does.
 * Usage: java -cp 'ingestion-service/target/lib/*' bench/ingestion/AppsStore.java FILE APP_ID ORIGIN
 */
public final class AppsStore {

    public static void main(String[] args) {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(Path.of(args[0]))) {
            new ProjectRepository(store).create(new ProjectRecord("bench", "Bench", "", true));
            new AppRepository(store).create(new AppRecord(args[1], "bench", null, null, "UTC", true,
                    List.of(args[2]), List.of("Web")));
        }
    }
}
