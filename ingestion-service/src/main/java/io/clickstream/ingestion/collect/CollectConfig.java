package io.clickstream.ingestion.collect;

import io.clickstream.ingestion.AppRegistry;
import io.clickstream.ingestion.auth.BearerTokenVerifier;
import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.ingestion.sink.RawSink;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection's {@link CollectHandler} shares: the collect path, the app registry, the sink, the metrics
 * and the request id source.
 *
 * @param ridPrefix per-process prefix of request ids, so that ids stay unique across restarts of one node
 * @param auth      verifies the bearer token of every collect request; null when the pipeline needs none
 */
public record CollectConfig(String path, AppRegistry apps, RawSink sink, IngestionMetrics metrics,
                            TrustedProxies trustedProxies, String ridPrefix, AtomicLong ridCounter,
                            BearerTokenVerifier auth) {

    String nextRid() {
        return ridPrefix + Long.toString(ridCounter.incrementAndGet(), 36);
    }
}
