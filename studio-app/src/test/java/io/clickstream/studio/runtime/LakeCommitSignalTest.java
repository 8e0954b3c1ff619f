package io.clickstream.studio.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.studio.explore.LakeCommits;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The signal fires once per new ETL end time, within its check period, and only to current listeners. */
class LakeCommitSignalTest {

    @Test
    void fires_once_per_finished_etl_run_and_not_after_the_listener_left() throws Exception {
        AtomicReference<Instant> lastFinished = new AtomicReference<>(Instant.parse("2026-11-20T10:00:00Z"));
        LinkedBlockingQueue<Instant> heard = new LinkedBlockingQueue<>();
        try (LakeCommitSignal signal = new LakeCommitSignal(lastFinished::get, Duration.ofMillis(20))) {
            LakeCommits.Subscription subscription = signal.subscribe(() -> heard.add(lastFinished.get()));
            assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("no run finished yet").isNull();

            Instant run = Instant.parse("2026-11-20T10:00:05Z");
            lastFinished.set(run);
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(run);
            assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("the same run is told once").isNull();

            subscription.close();
            lastFinished.set(run.plusSeconds(5));
            assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void a_failed_run_is_no_commit() throws Exception {
        AtomicReference<Instant> lastFinished = new AtomicReference<>(Instant.parse("2026-11-20T10:00:00Z"));
        LinkedBlockingQueue<Instant> heard = new LinkedBlockingQueue<>();
        try (LakeCommitSignal signal = new LakeCommitSignal(lastFinished::get, Duration.ofMillis(20))) {
            signal.subscribe(() -> heard.add(Instant.EPOCH));
            lastFinished.set(null);
            assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
