package io.clickstream.studio.embed;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link EmbedPageFilter} on {@code /embed/*}, ahead of Spring Security's filter chain (order -100). */
@Configuration
class EmbedConfiguration {

    static final int FILTER_ORDER = -110;

    @Bean
    FilterRegistrationBean<EmbedPageFilter> embedPageFilter(EmbedService embeds) {
        FilterRegistrationBean<EmbedPageFilter> registration = new FilterRegistrationBean<>(new EmbedPageFilter(embeds));
        registration.addUrlPatterns(EmbedUrls.PREFIX + "*");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
