import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Prints what a lake's modeled event table holds, through DuckDB: rows, distinct event ids, and a digest of the
 * sorted ids, so that two lakes can be compared. Usage: java -cp duckdb_jdbc.jar CountEvents.java LAKE
 */
public class CountEvents {
    public static void main(String[] args) throws Exception {
        String glob = args[0] + "/modeled/event/**/*.parquet";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id FROM read_parquet('" + glob.replace("'", "''")
                     + "', hive_partitioning = true) ORDER BY event_id")) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long rows = 0, distinct = 0;
            String last = null;
            while (rs.next()) {
                String id = rs.getString(1);
                rows++;
                if (!id.equals(last)) {
                    distinct++;
                    sha.update(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sha.update((byte) '\n');
                }
                last = id;
            }
            System.out.printf("rows=%d distinct=%d ids_sha256=%s%n", rows, distinct,
                    java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16));
        }
    }
}
