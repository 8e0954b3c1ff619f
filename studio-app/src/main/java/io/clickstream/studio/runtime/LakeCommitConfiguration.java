package io.clickstream.studio.runtime;

import io.clickstream.pipeline.local.LocalPipelineRuntime;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lake-commit signal live views listen to: the local runtime's ETL runs when there is one, else a timer. */
@Configuration
class LakeCommitConfiguration {

    /** Without a local ETL to follow, live views refresh this often. */
    static final Duration FALLBACK = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    LakeCommitSignal lakeCommits(ObjectProvider<LocalPipelineRuntime> runtime) {
        LocalPipelineRuntime local = runtime.getIfAvailable();
        return local == null ? LakeCommitSignal.every(FALLBACK) : LakeCommitSignal.following(local);
    }
}
