package io.clickstream.studio.base;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shared beans: the clock that decides what "today" means (each app then counts its days in its own time zone), and
 * the threads views run their queries on.
 */
@Configuration
class BaseConfiguration {

    @Bean
    Clock studioClock() {
        return Clock.systemUTC();
    }

    /** Four threads: the embedded DuckDB runs four queries at once by default. */
    @Bean(destroyMethod = "close")
    BackgroundTasks backgroundTasks() {
        return new BackgroundTasks(4);
    }
}
