package io.clickstream.etl.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.etl.EtlConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSourceEnricherTest {

    private static EventRecord visit(String url, String referrer) {
        EventRecord e = new EventRecord();
        e.appId = "shop";
        e.pageUrl = url;
        e.pageReferrer = referrer;
        e.pageHostname = io.clickstream.etl.parse.EventMapping.hostOf(url);
        TrafficSourceEnricher t = new TrafficSourceEnricher(Map.of());
        t.configure(new EnrichmentContext(EtlConfig.forLake("/unused")));
        t.enrich(e);
        return e;
    }

    @Test
    void reads_utm_parameters_from_the_page_url() {
        EventRecord e = visit("https://shop.example.com/?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale", null);

        assertThat(e.trafficSource).isEqualTo("newsletter");
        assertThat(e.trafficMedium).isEqualTo("email");
        assertThat(e.trafficCampaign).isEqualTo("spring sale");
        assertThat(e.trafficChannelGroup).isEqualTo("Email");
    }

    @Test
    void a_google_click_id_is_paid_search() {
        EventRecord e = visit("https://shop.example.com/p/1?gclid=abc123", "https://www.google.com/");

        assertThat(e.trafficSource).isEqualTo("google");
        assertThat(e.trafficMedium).isEqualTo("cpc");
        assertThat(e.trafficClid).isEqualTo("abc123");
        assertThat(e.trafficClidPlatform).isEqualTo("google_ads");
        assertThat(e.trafficCategory).isEqualTo("Search");
        assertThat(e.trafficChannelGroup).isEqualTo("Paid Search");
    }

    @Test
    void referrers_become_organic_search_social_or_referral() {
        assertThat(visit("https://shop.example.com/", "https://www.bing.com/search?q=x").trafficChannelGroup)
                .isEqualTo("Organic Search");
        assertThat(visit("https://shop.example.com/", "https://m.facebook.com/").trafficChannelGroup)
                .isEqualTo("Organic Social");
        assertThat(visit("https://shop.example.com/", "https://www.youtube.com/watch?v=1").trafficChannelGroup)
                .isEqualTo("Organic Video");
        EventRecord blog = visit("https://shop.example.com/", "https://blog.other.org/post");
        assertThat(blog.trafficSource).isEqualTo("blog.other.org");
        assertThat(blog.trafficChannelGroup).isEqualTo("Referral");
    }

    @Test
    void internal_navigation_has_no_source_of_its_own() {
        EventRecord e = visit("https://shop.example.com/cart", "https://www.shop.example.com/p/1");

        assertThat(e.trafficSource).isNull();
        assertThat(e.trafficChannelGroup).isNull();
    }

    @Test
    void per_app_rules_replace_the_defaults() {
        EventRecord e = new EventRecord();
        e.appId = "shop";
        e.pageUrl = "https://shop.example.com/?utm_source=partner&utm_medium=affiliate";
        TrafficSourceEnricher t = new TrafficSourceEnricher(Map.of("shop", "Partners: source~partner\nOther:"));
        t.configure(new EnrichmentContext(EtlConfig.forLake("/unused")));
        t.enrich(e);

        assertThat(e.trafficChannelGroup).isEqualTo("Partners");
    }

    @Test
    void rejects_rules_with_unknown_fields_by_line() {
        assertThatThrownBy(() -> ChannelRules.parse("Direct: source~x\nBad: colour~red"))
                .hasMessageContaining("line 2");
    }

    @Test
    void default_rules_cover_the_standard_channels() {
        ChannelRules r = ChannelRules.defaults();
        assertThat(r.channelOf("(direct)", "(none)", null, null, null)).isEqualTo("Direct");
        assertThat(r.channelOf("facebook", "cpc", null, "Social", null)).isEqualTo("Paid Social");
        assertThat(r.channelOf("partner", "affiliate", null, null, null)).isEqualTo("Affiliates");
        assertThat(r.channelOf("x", "banner", null, null, null)).isEqualTo("Display");
        assertThat(r.channelOf("x", "y", null, null, null)).isEqualTo("Unassigned");
    }
}
