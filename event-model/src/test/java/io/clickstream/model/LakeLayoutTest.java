package io.clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

    @Test
    void places_each_kind_of_file_under_the_same_root_for_directories_and_buckets() {
        LakeLayout local = new LakeLayout("/data/lake/");
        LakeLayout s3 = new LakeLayout("s3://bucket/prefix");
        LocalDate day = LocalDate.of(2026, 1, 2);

        assertThat(local.rawPartition("shop", day, 7)).isEqualTo("/data/lake/raw/app_id=shop/date=2026-01-02/hour=07");
        assertThat(s3.modeledPartition(ModeledTables.EVENT, "shop", day))
                .isEqualTo("s3://bucket/prefix/modeled/event/app_id=shop/event_date=2026-01-02");
        assertThat(local.quarantinePartition("shop", day)).isEqualTo("/data/lake/quarantine/app_id=shop/date=2026-01-02");
        assertThat(local.state("etl")).isEqualTo("/data/lake/_state/etl");
        assertThat(LakeLayout.rawFileName("node-1", 42)).isEqualTo("node-1-000000000042.jsonl.gz");
    }

    @Test
    void refuses_app_ids_that_would_escape_their_partition() {
        LakeLayout lake = new LakeLayout("/lake");
        assertThatThrownBy(() -> lake.rawPartition("../etc", LocalDate.EPOCH, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LakeLayout.isSafeSegment("a/b")).isFalse();
        assertThat(LakeLayout.isSafeSegment("..")).isFalse();
        assertThat(LakeLayout.isSafeSegment("my-app_1.web")).isTrue();
    }

    @Test
    void a_batch_published_after_the_late_limit_goes_to_the_hour_it_is_published_in() {
        long hour = java.time.Instant.parse("2026-01-02T07:00:00Z").toEpochMilli() / 3_600_000L;
        long endOfHour = (hour + 1) * 3_600_000L;

        assertThat(LakeLayout.rawPublishHour(hour, endOfHour - 1)).isEqualTo(hour);
        assertThat(LakeLayout.rawPublishHour(hour, endOfHour + LakeLayout.RAW_LATE_LIMIT.toMillis())).isEqualTo(hour);
        assertThat(LakeLayout.rawPublishHour(hour, endOfHour + LakeLayout.RAW_LATE_LIMIT.toMillis() + 1))
                .isEqualTo(hour + 1);
        assertThat(LakeLayout.rawPublishHour(hour, endOfHour + 5 * 3_600_000L)).isEqualTo(hour + 6);
    }
}
