package io.clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LakeCommitLockTest {

    @Test
    void a_lake_has_one_lock_whether_named_by_path_or_by_hadoop_uri() {
        Path lake = Path.of("target/lock-test-lake").toAbsolutePath();
        assertThat(LakeCommitLock.of("file:" + lake)).isSameAs(LakeCommitLock.of(lake.toString()));
        assertThat(LakeCommitLock.of("file://" + lake)).isSameAs(LakeCommitLock.of(lake + "/"));
        assertThat(LakeCommitLock.of("target/lock-test-lake")).isSameAs(LakeCommitLock.of(lake.toString()));
        assertThat(LakeCommitLock.of(lake.resolve("other").toString())).isNotSameAs(LakeCommitLock.of(lake.toString()));
        assertThat(LakeCommitLock.of("s3a://bucket/lake/")).isSameAs(LakeCommitLock.of("s3a://bucket/lake"));
    }
}
