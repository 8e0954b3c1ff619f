package io.clickstream.etl.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.SharedTestData;
import org.junit.jupiter.api.Test;

class GeoEnricherTest {

    private static GeoEnricher enricher(String db) {
        String path = SharedTestData.file("geoip/" + db).toString();
        GeoEnricher g = new GeoEnricher(path);
        g.configure(new EnrichmentContext(EtlConfig.forLake("/unused").withGeoipDb(path)));
        return g;
    }

    @Test
    void locates_an_address_of_the_maxmind_city_test_database() {
        EventRecord e = new EventRecord();
        e.ip = "2.125.160.216";

        enricher("GeoIP2-City-Test.mmdb").enrich(e);

        assertThat(e.geoContinent).isEqualTo("Europe");
        assertThat(e.geoCountry).isEqualTo("United Kingdom");
        assertThat(e.geoRegion).isEqualTo("England");
        assertThat(e.geoCity).isEqualTo("Boxford");
    }

    @Test
    void locates_with_the_geolite_database_too() {
        EventRecord e = new EventRecord();
        e.ip = "81.2.69.142";

        enricher("GeoLite2-City-Test.mmdb").enrich(e);

        assertThat(e.geoCountry).isEqualTo("United Kingdom");
        assertThat(e.geoCity).isEqualTo("London");
    }

    @Test
    void leaves_unknown_and_non_ip_values_empty_without_resolving_names() {
        GeoEnricher g = enricher("GeoIP2-City-Test.mmdb");
        for (String ip : new String[] {"10.0.0.1", "example.com", "", "1.2.3"}) {
            EventRecord e = new EventRecord();
            e.ip = ip;
            g.enrich(e);
            assertThat(e.geoCountry).as(ip).isNull();
        }
    }

    @Test
    void refuses_a_missing_database_by_path() {
        GeoEnricher g = new GeoEnricher("/nonexistent/City.mmdb");
        assertThatThrownBy(() -> g.configure(new EnrichmentContext(EtlConfig.forLake("/unused"))))
                .hasMessageContaining("/nonexistent/City.mmdb");
    }

    @Test
    void anonymizes_ipv4_to_slash_24_and_ipv6_to_slash_48() {
        assertThat(IpAddresses.anonymize("2.125.160.216")).isEqualTo("2.125.160.0");
        assertThat(IpAddresses.anonymize("2001:db8:85a3:1234:5678:8a2e:370:7334")).isEqualTo("2001:db8:85a3:0:0:0:0:0");
        assertThat(IpAddresses.anonymize("not-an-ip")).isNull();
        EventRecord e = new EventRecord();
        e.ip = "2.125.160.216";
        new IpAnonymizer().enrich(e);
        enricher("GeoIP2-City-Test.mmdb").enrich(e);
        // Boxford's range is 2.125.160.216/29; the anonymized address falls outside it.
        assertThat(e.ip).isEqualTo("2.125.160.0");
        assertThat(e.geoCity).isNull();
    }
}
