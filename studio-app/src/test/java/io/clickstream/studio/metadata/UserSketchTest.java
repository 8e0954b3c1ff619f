package io.clickstream.studio.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class UserSketchTest {

    /** Uniform 63-bit hashes, as the scan gets them from MD5. */
    static long[] hashes(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        return LongStream.generate(() -> random.nextLong() >>> 1).limit(count).toArray();
    }

    @Test
    void counts_exactly_up_to_the_exact_limit_and_ignores_repeats() {
        long[] users = hashes(1, UserSketch.EXACT_LIMIT);
        UserSketch sketch = new UserSketch();

        sketch.addAll(users);
        sketch.addAll(users);
        sketch.addAll(java.util.Arrays.copyOf(users, 10));

        assertThat(sketch.isExact()).isTrue();
        assertThat(sketch.estimate()).isEqualTo(UserSketch.EXACT_LIMIT);
        assertThat(UserSketch.decode(sketch.encode()).estimate()).isEqualTo(UserSketch.EXACT_LIMIT);
    }

    @Test
    void estimates_large_counts_within_three_percent() {
        for (int users : new int[] {513, 2_000, 20_000, 300_000}) {
            UserSketch sketch = new UserSketch();
            sketch.addAll(hashes(users, users));

            assertThat(sketch.isExact()).isFalse();
            assertThat((double) sketch.estimate()).as("estimate of %d users", users)
                    .isCloseTo(users, org.assertj.core.data.Percentage.withPercentage(3));
        }
    }

    @Test
    void merging_parts_gives_the_sketch_of_the_whole_whatever_the_order_and_repeats() {
        long[] all = hashes(5, 50_000);
        UserSketch whole = new UserSketch();
        whole.addAll(all);

        UserSketch first = new UserSketch();
        first.addAll(java.util.Arrays.copyOfRange(all, 0, 300));
        UserSketch second = new UserSketch();
        second.addAll(java.util.Arrays.copyOfRange(all, 200, 50_000));
        UserSketch merged = UserSketch.decode(second.encode());
        merged.merge(UserSketch.decode(first.encode()));
        merged.merge(first);

        assertThat(merged.encode()).isEqualTo(whole.encode());
        assertThat(merged.estimate()).isEqualTo(whole.estimate());
    }

    @Test
    void stays_small_enough_for_a_store_item() {
        UserSketch sketch = new UserSketch();
        sketch.addAll(hashes(9, 1_000_000));

        assertThat(sketch.encode().length()).isLessThan(6_000);
    }
}
