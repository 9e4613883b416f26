package dev.vibe.riffs.service.riffs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The period of each riff's activity writes, without the application. */
class RiffActivityPeriodTests {

    @Test
    void eachRiffKeepsOnePeriodOfFiveToTenSeconds() {
        LongStream.rangeClosed(1, 1_000).forEach(id -> {
            assertThat(RiffActivity.coarsenessOf(id)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(9_999));
            assertThat(RiffActivity.coarsenessOf(id)).isEqualTo(RiffActivity.coarsenessOf(id));
        });
    }

    @Test
    void riffsMadeOneAfterTheOtherGetPeriodsSpreadOverTheRange() {
        long[] perSecond = new long[5];
        LongStream.rangeClosed(1, 1_000).forEach(id -> perSecond[(int) (RiffActivity.coarsenessOf(id).toMillis() / 1_000 - 5)]++);

        // Riffs in use since the same moment (a pod's start) then write at different moments, not in one burst.
        assertThat(Arrays.stream(perSecond).boxed().toList()).allSatisfy(riffs -> assertThat(riffs).isBetween(150L, 250L));
    }
}
