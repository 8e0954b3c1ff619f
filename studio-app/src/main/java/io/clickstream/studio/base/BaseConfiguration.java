package io.clickstream.studio.base;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared beans: the clock that decides what "today" and "the last 30 days" mean (UTC, like the lake's dates). */
@Configuration
class BaseConfiguration {

    @Bean
    Clock studioClock() {
        return Clock.systemUTC();
    }
}
