package io.clickstream.etl.enrich;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Continent, country, region (top-level subdivision: state, province, constituent country) and city from the client IP with a MaxMind city database
 * ({@code --geoip-db}), in English names. The database is memory-mapped once per JVM and path.
 */
public final class GeoEnricher implements EventEnricher {

    private static final Map<String, DatabaseReader> READERS = new ConcurrentHashMap<>();
    private static final int CACHE_SIZE = 50_000;
    private static final String[] NONE = new String[4];

    private final String databasePath;
    private DatabaseReader reader;
    private final Map<String, String[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public GeoEnricher(String databasePath) {
        this.databasePath = databasePath;
    }

    @Override
    public void configure(EnrichmentContext context) {
        reader = READERS.computeIfAbsent(databasePath, path -> {
            File file = new File(path);
            if (!file.isFile()) {
                throw new IllegalArgumentException("GeoIP database not found: " + file.getAbsolutePath());
            }
            try {
                return new DatabaseReader.Builder(file).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open GeoIP database " + path, e);
            }
        });
    }

    @Override
    public boolean enrich(EventRecord event) {
        if (event.ip == null || event.ip.isEmpty()) {
            return true;
        }
        String[] geo = cache.computeIfAbsent(event.ip, this::lookup);
        event.geoContinent = geo[0];
        event.geoCountry = geo[1];
        event.geoRegion = geo[2];
        event.geoCity = geo[3];
        return true;
    }

    /** {continent, country, region, city} for an IP literal; all null when unknown or not an IP. */
    String[] lookup(String ip) {
        InetAddress address = IpAddresses.parseLiteral(ip);
        if (address == null) {
            return NONE;
        }
        try {
            Optional<CityResponse> found = reader.tryCity(address);
            if (found.isEmpty()) {
                return NONE;
            }
            CityResponse r = found.get();
            return new String[] {
                r.getContinent().getName(),
                r.getCountry().getName(),
                r.getSubdivisions().isEmpty() ? null : r.getSubdivisions().get(0).getName(),
                r.getCity().getName()};
        } catch (IOException | GeoIp2Exception e) {
            return NONE;
        }
    }

}
